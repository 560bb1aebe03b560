#include "support/allocation_counter.h"

#include <cstdlib>
#include <new>

namespace taskrouter::testing {
namespace {

thread_local bool counting = false;
thread_local int allocations = 0;

}  // namespace

AllocationCounter::AllocationCounter() {
  allocations = 0;
  counting = true;
}

AllocationCounter::~AllocationCounter() { counting = false; }

int AllocationCounter::count() const { return allocations; }

}  // namespace taskrouter::testing

// The forms of new and delete that the others forward to.
void* operator new(std::size_t size) {
  if (taskrouter::testing::counting) {
    ++taskrouter::testing::allocations;
  }
  if (void* memory = std::malloc(size == 0 ? 1 : size)) {
    return memory;
  }
  throw std::bad_alloc();
}

void operator delete(void* memory) noexcept { std::free(memory); }

void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }
