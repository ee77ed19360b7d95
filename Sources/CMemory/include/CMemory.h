#ifndef CMEMORY_H
#define CMEMORY_H

/// Returns the free memory at the top of every malloc arena to the system (glibc's malloc_trim, which
/// Swift's Glibc module leaves out): without it, a process keeps the pages of its peak for good.
void cmemory_trim(void);

/// Caps how many malloc arenas glibc makes (one per thread that allocates, by default): fewer arenas, less
/// memory kept idle after a burst, at little cost for a server with two event loops.
void cmemory_limit_arenas(int count);

#endif
