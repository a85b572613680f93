/* PLACEHOLDER: written by its owner this session. */
#include "check.h"
