/* PLACEHOLDER: written by its owner this session. */
#ifndef OMRS_SYNC_INDEXES_H
#define OMRS_SYNC_INDEXES_H
#endif
