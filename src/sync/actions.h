/* PLACEHOLDER: written by its owner this session. */
#ifndef OMRS_SYNC_ACTIONS_H
#define OMRS_SYNC_ACTIONS_H
#endif
