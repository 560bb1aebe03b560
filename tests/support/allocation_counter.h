// Counts heap allocations, to pin down code that must not allocate. Linking allocation_counter.cc
// into a test binary replaces the global operator new of that binary.
#pragma once

namespace taskrouter::testing {

// Counts the operator new calls of the thread that creates it, while it lives. Not nestable.
class AllocationCounter {
 public:
  AllocationCounter();
  ~AllocationCounter();
  AllocationCounter(const AllocationCounter&) = delete;
  AllocationCounter& operator=(const AllocationCounter&) = delete;

  int count() const;
};

}  // namespace taskrouter::testing
