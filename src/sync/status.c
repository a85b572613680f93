/* PLACEHOLDER: written by its owner this session. */
#include "status.h"
