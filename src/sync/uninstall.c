/* PLACEHOLDER: written by its owner this session. */
#include "uninstall.h"
