/* PLACEHOLDER: written by its owner this session. */
#ifndef OMRS_SYNC_CLASS_MATCH_H
#define OMRS_SYNC_CLASS_MATCH_H
#endif
