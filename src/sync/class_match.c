/* PLACEHOLDER: written by its owner this session. */
#include "class_match.h"
