# Cross build for Linux aarch64 with Debian's g++-aarch64-linux-gnu:
#   cmake -S native -B build/native-aarch64 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-aarch64-linux-gnu.cmake
# The tests run under qemu-user when it is installed (CMAKE_CROSSCOMPILING_EMULATOR).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
find_program(MU4J_QEMU_AARCH64 qemu-aarch64)
if(MU4J_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${MU4J_QEMU_AARCH64} -L /usr/aarch64-linux-gnu)
endif()
