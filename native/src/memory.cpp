// Aligned allocation, read-only file mapping, and private copies of files in (huge-page) anonymous memory.
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

} // extern "C"

// ---- what differs per OS: files, page-granular memory --------------------------------------------------------
// Each platform defines: File / NO_FILE, open_for_read, file_size (-1 unless a regular file that fits the address
// space), read_all (exactly n bytes from the start, and nothing after them), close_file, map_read_only,
// make_read_only, and the extern "C" mu_unmap_file / mu_alloc_pages / mu_free_pages.
#if defined(_WIN32)

namespace {

using File = HANDLE;
const File NO_FILE = INVALID_HANDLE_VALUE;

// path is UTF-8 (what the JNI side passes); the wide API accepts any file name.
File open_for_read(const char* path) {
    File file = NO_FILE;
    const int wide_len = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, path, -1, nullptr, 0);
    wchar_t* wide = wide_len > 0 ? static_cast<wchar_t*>(std::malloc(sizeof(wchar_t) * wide_len)) : nullptr;
    if (wide != nullptr && MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, path, -1, wide, wide_len) > 0) {
        file = CreateFileW(wide, GENERIC_READ, FILE_SHARE_READ, nullptr, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
    }
    std::free(wide);
    return file;
}

int64_t file_size(File file) {
    LARGE_INTEGER size;
    if (!GetFileSizeEx(file, &size) || static_cast<uint64_t>(size.QuadPart) > std::numeric_limits<size_t>::max()) {
        return -1;
    }
    return size.QuadPart;
}

bool read_all(File file, unsigned char* dst, int64_t n) {
    int64_t done = 0;
    while (done < n) {
        const DWORD chunk = static_cast<DWORD>(n - done < (int64_t{1} << 30) ? n - done : (int64_t{1} << 30));
        DWORD got = 0;
        if (!ReadFile(file, dst + done, chunk, &got, nullptr) || got == 0) return false;
        done += got;
    }
    unsigned char extra;
    DWORD got = 0;
    return ReadFile(file, &extra, 1, &got, nullptr) && got == 0;
}

void close_file(File file) { CloseHandle(file); }

void* map_read_only(File file, int64_t n) {
    (void)n;
    HANDLE mapping = CreateFileMappingW(file, nullptr, PAGE_READONLY, 0, 0, nullptr);
    if (mapping == nullptr) return nullptr;
    void* addr = MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0);
    CloseHandle(mapping); // the view keeps the mapping alive
    return addr;
}

bool make_read_only(void* addr, int64_t bytes) {
    DWORD old;
    return VirtualProtect(addr, static_cast<size_t>(bytes), PAGE_READONLY, &old) != 0;
}

} // namespace

extern "C" {

void mu_unmap_file(void* addr, int64_t size) {
    (void)size;
    if (addr != nullptr) UnmapViewOfFile(addr);
}

// Windows large pages need a privilege ordinary users lack, so huge_pages is ignored here.
void* mu_alloc_pages(int64_t bytes, int huge_pages) {
    (void)huge_pages;
    if (bytes <= 0 || static_cast<uint64_t>(bytes) > std::numeric_limits<size_t>::max()) return nullptr;
    return VirtualAlloc(nullptr, static_cast<size_t>(bytes), MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
}

void mu_free_pages(void* addr, int64_t bytes) {
    (void)bytes;
    if (addr != nullptr) VirtualFree(addr, 0, MEM_RELEASE);
}

} // extern "C"

#else

namespace {

using File = int;
const File NO_FILE = -1;
constexpr int64_t HUGE_PAGE = int64_t{2} << 20; // x86-64 and arm64 (4 KiB base pages) PMD size

// Anonymous allocations are whole, 2 MiB-aligned multiples of 2 MiB whatever huge_pages says, so that
// mu_free_pages can recompute the length from the byte count alone.
int64_t pages_length(int64_t bytes) { return (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE; }

File open_for_read(const char* path) {
    int flags = O_RDONLY;
#if defined(O_CLOEXEC)
    flags |= O_CLOEXEC;
#endif
    return open(path, flags);
}

int64_t file_size(File fd) {
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
        static_cast<uint64_t>(st.st_size) > std::numeric_limits<size_t>::max()) {
        return -1;
    }
    return static_cast<int64_t>(st.st_size);
}

bool read_all(File fd, unsigned char* dst, int64_t n) {
    int64_t done = 0;
    while (done < n) {
        const size_t chunk = static_cast<size_t>(n - done < (int64_t{1} << 30) ? n - done : (int64_t{1} << 30));
        const ssize_t got = pread(fd, dst + done, chunk, static_cast<off_t>(done));
        if (got <= 0) return false;
        done += got;
    }
    unsigned char extra;
    return pread(fd, &extra, 1, static_cast<off_t>(n)) == 0;
}

void close_file(File fd) { close(fd); } // a mapping keeps its own reference to the file

void* map_read_only(File fd, int64_t n) {
    void* p = mmap(nullptr, static_cast<size_t>(n), PROT_READ, MAP_PRIVATE, fd, 0);
    return p == MAP_FAILED ? nullptr : p;
}

bool make_read_only(void* addr, int64_t bytes) {
    return mprotect(addr, static_cast<size_t>(pages_length(bytes)), PROT_READ) == 0;
}

} // namespace

extern "C" {

void mu_unmap_file(void* addr, int64_t size) {
    if (addr != nullptr && size > 0) munmap(addr, static_cast<size_t>(size));
}

// Reserves 2 MiB more than needed and unmaps the misaligned head and the tail, so the block starts on a 2 MiB
// boundary (a huge page can only back an aligned 2 MiB range).
void* mu_alloc_pages(int64_t bytes, int huge_pages) {
    if (bytes <= 0 || bytes > std::numeric_limits<int64_t>::max() / 2 ||
        static_cast<uint64_t>(pages_length(bytes) + HUGE_PAGE) > std::numeric_limits<size_t>::max()) {
        return nullptr;
    }
    const size_t len = static_cast<size_t>(pages_length(bytes)), reserved = len + static_cast<size_t>(HUGE_PAGE);
    void* raw = mmap(nullptr, reserved, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) return nullptr;
    const uintptr_t begin = reinterpret_cast<uintptr_t>(raw);
    const uintptr_t aligned = (begin + HUGE_PAGE - 1) & ~static_cast<uintptr_t>(HUGE_PAGE - 1);
    if (aligned > begin) munmap(raw, aligned - begin);
    if (begin + reserved > aligned + len) munmap(reinterpret_cast<void*>(aligned + len), begin + reserved - aligned - len);
    void* p = reinterpret_cast<void*>(aligned);
#if defined(MADV_HUGEPAGE)
    if (huge_pages != 0) madvise(p, len, MADV_HUGEPAGE); // advice only: without it the pages are 4 KiB
#else
    (void)huge_pages;
#endif
    return p;
}

void mu_free_pages(void* addr, int64_t bytes) {
    if (addr != nullptr && bytes > 0) munmap(addr, static_cast<size_t>(pages_length(bytes)));
}

} // extern "C"

#endif

// ---- the same on every OS ------------------------------------------------------------------------------------

namespace {

// Opens path and hands its size (> 0) to `take`, which returns the memory holding the file or NULL. Returns that
// memory with *size_out = the size; NULL with *size_out = 0 for an empty file (nothing to map or copy: the caller
// reports it) and -1 for any failure.
template <class Take>
void* with_file(const char* path, int64_t* size_out, Take take) {
    int64_t size = -1;
    void* addr = nullptr;
    const File file = open_for_read(path);
    if (file != NO_FILE) {
        const int64_t n = file_size(file);
        if (n == 0) {
            size = 0;
        } else if (n > 0 && (addr = take(file, n)) != nullptr) {
            size = n;
        }
        close_file(file);
    }
    if (size_out != nullptr) *size_out = size;
    return addr;
}

} // namespace

extern "C" {

void* mu_map_file(const char* path, int64_t* size_out) {
    return with_file(path, size_out, [](File file, int64_t n) { return map_read_only(file, n); });
}

void* mu_load_file(const char* path, int64_t* size_out, int huge_pages) {
    return with_file(path, size_out, [huge_pages](File file, int64_t n) -> void* {
        void* addr = mu_alloc_pages(n, huge_pages);
        if (addr == nullptr) return nullptr;
        if (read_all(file, static_cast<unsigned char*>(addr), n) && make_read_only(addr, n)) return addr;
        mu_free_pages(addr, n);
        return nullptr;
    });
}

void mu_unload_file(void* addr, int64_t size) { mu_free_pages(addr, size); }

} // extern "C"
