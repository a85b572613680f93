/* PLACEHOLDER: written by its owner this session. */
#ifndef OMRS_SYNC_STATUS_H
#define OMRS_SYNC_STATUS_H
#endif
