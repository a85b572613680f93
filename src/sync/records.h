/* PLACEHOLDER: written by its owner this session. */
#ifndef OMRS_SYNC_RECORDS_H
#define OMRS_SYNC_RECORDS_H
#endif
