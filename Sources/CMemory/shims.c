#include "CMemory.h"

#include <malloc.h>

void cmemory_trim(void) {
    malloc_trim(0);
}

void cmemory_limit_arenas(int count) {
    mallopt(M_ARENA_MAX, count);
}
