/* PLACEHOLDER: written by its owner this session. */
#include "classes.h"
