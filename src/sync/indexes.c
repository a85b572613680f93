/* PLACEHOLDER: written by its owner this session. */
#include "indexes.h"
