/* PLACEHOLDER: written by its owner this session. */
#ifndef OMRS_SYNC_PAYLOAD_H
#define OMRS_SYNC_PAYLOAD_H
#endif
