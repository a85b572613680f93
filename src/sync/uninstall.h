/* PLACEHOLDER: written by its owner this session. */
#ifndef OMRS_SYNC_UNINSTALL_H
#define OMRS_SYNC_UNINSTALL_H
#endif
