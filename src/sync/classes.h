/* PLACEHOLDER: written by its owner this session. */
#ifndef OMRS_SYNC_CLASSES_H
#define OMRS_SYNC_CLASSES_H
#endif
