#include "support/allocation_counter.h"

#include <cstdlib>
#include <new>

namespace taskrouter::testing {
namespace {

thread_local bool counting = false;
thread_local int allocations = 0;

void* Allocate(std::size_t size) noexcept {
  if (counting) {
    ++allocations;
  }
  return std::malloc(size == 0 ? 1 : size);
}

void* AllocateOrThrow(std::size_t size) {
  if (void* memory = Allocate(size)) {
    return memory;
  }
  throw std::bad_alloc();
}

}  // namespace

AllocationCounter::AllocationCounter() {
  allocations = 0;
  counting = true;
}

AllocationCounter::~AllocationCounter() { counting = false; }

int AllocationCounter::count() const { return allocations; }

}  // namespace taskrouter::testing

// Every form of new and delete but the aligned ones, so that a sanitizer's own new and delete
// never see a block of the other; the aligned forms stay the runtime's, in pairs.
void* operator new(std::size_t size) { return taskrouter::testing::AllocateOrThrow(size); }
void* operator new[](std::size_t size) { return taskrouter::testing::AllocateOrThrow(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return taskrouter::testing::Allocate(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return taskrouter::testing::Allocate(size);
}

void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete[](void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }
void operator delete[](void* memory, std::size_t) noexcept { std::free(memory); }
void operator delete(void* memory, const std::nothrow_t&) noexcept { std::free(memory); }
void operator delete[](void* memory, const std::nothrow_t&) noexcept { std::free(memory); }
