/* PLACEHOLDER: written by its owner this session. */
#include "payload.h"
