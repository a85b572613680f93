/* PLACEHOLDER: written by its owner this session. */
#ifndef OMRS_SYNC_CHECK_H
#define OMRS_SYNC_CHECK_H
#endif
