// Aligned allocation and read-only file mapping.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "mu4j.h"

#if defined(_WIN32)
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX // windows.h would otherwise define min / max macros that break std::numeric_limits<>::max()
#endif
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace {

constexpr int64_t ALIGNMENT = 64; // one cache line; also the widest vector (AVX-512) load

} // namespace

extern "C" {

// calloc plus a header: the 64-byte-aligned block starts within the first ALIGNMENT bytes after the pointer
// slot, and the slot just before it holds what calloc returned. calloc is used rather than an aligned malloc
// and memset because it hands large blocks out as untouched zero pages, so a big KV cache costs memory only
// as it fills; it is also the same code on every platform.
void* mu_alloc(int64_t bytes) {
    constexpr int64_t overhead = ALIGNMENT + static_cast<int64_t>(sizeof(void*));
    if (bytes < 0 || bytes > std::numeric_limits<int64_t>::max() - overhead ||
        static_cast<uint64_t>(bytes + overhead) > std::numeric_limits<size_t>::max()) {
        return nullptr;
    }
    void* raw = std::calloc(1, static_cast<size_t>(bytes + overhead));
    if (raw == nullptr) return nullptr;
    const uintptr_t first = reinterpret_cast<uintptr_t>(raw) + sizeof(void*);
    const uintptr_t aligned = (first + ALIGNMENT - 1) & ~static_cast<uintptr_t>(ALIGNMENT - 1);
    void* p = reinterpret_cast<void*>(aligned);
    std::memcpy(static_cast<char*>(p) - sizeof(void*), &raw, sizeof(void*));
    return p;
}

void mu_free(void* p) {
    if (p == nullptr) return;
    void* raw;
    std::memcpy(&raw, static_cast<char*>(p) - sizeof(void*), sizeof(void*));
    std::free(raw);
}

void mu_copy(void* dst, const void* src, int64_t bytes) {
    if (bytes > 0) std::memcpy(dst, src, static_cast<size_t>(bytes));
}

#if defined(_WIN32)

// path is UTF-8 (what the JNI side passes); the wide API accepts any file name.
void* mu_map_file(const char* path, int64_t* size_out) {
    int64_t size = -1;
    void* addr = nullptr;
    const int wide_len = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, path, -1, nullptr, 0);
    wchar_t* wide = wide_len > 0 ? static_cast<wchar_t*>(std::malloc(sizeof(wchar_t) * wide_len)) : nullptr;
    if (wide != nullptr && MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, path, -1, wide, wide_len) > 0) {
        HANDLE file = CreateFileW(wide, GENERIC_READ, FILE_SHARE_READ, nullptr, OPEN_EXISTING,
                                  FILE_ATTRIBUTE_NORMAL, nullptr);
        if (file != INVALID_HANDLE_VALUE) {
            LARGE_INTEGER file_size;
            if (GetFileSizeEx(file, &file_size)) {
                if (file_size.QuadPart == 0) {
                    size = 0; // CreateFileMapping refuses empty files; report "empty" rather than "failed"
                } else if (static_cast<uint64_t>(file_size.QuadPart) <= std::numeric_limits<size_t>::max()) {
                    HANDLE mapping = CreateFileMappingW(file, nullptr, PAGE_READONLY, 0, 0, nullptr);
                    if (mapping != nullptr) {
                        addr = MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0);
                        if (addr != nullptr) size = file_size.QuadPart;
                        CloseHandle(mapping); // the view keeps the mapping alive
                    }
                }
            }
            CloseHandle(file);
        }
    }
    std::free(wide);
    if (size_out != nullptr) *size_out = size;
    return addr;
}

void mu_unmap_file(void* addr, int64_t size) {
    (void)size;
    if (addr != nullptr) UnmapViewOfFile(addr);
}

#else

void* mu_map_file(const char* path, int64_t* size_out) {
    int64_t size = -1;
    void* addr = nullptr;
    int flags = O_RDONLY;
#if defined(O_CLOEXEC)
    flags |= O_CLOEXEC;
#endif
    const int fd = open(path, flags);
    if (fd >= 0) {
        struct stat st;
        if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
            if (st.st_size == 0) {
                size = 0; // mmap refuses length 0; report "empty" rather than "failed"
            } else if (static_cast<uint64_t>(st.st_size) <= std::numeric_limits<size_t>::max()) {
                void* p = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
                if (p != MAP_FAILED) {
                    addr = p;
                    size = static_cast<int64_t>(st.st_size);
                }
            }
        }
        close(fd); // the mapping keeps its own reference to the file
    }
    if (size_out != nullptr) *size_out = size;
    return addr;
}

void mu_unmap_file(void* addr, int64_t size) {
    if (addr != nullptr && size > 0) munmap(addr, static_cast<size_t>(size));
}

#endif

} // extern "C"
