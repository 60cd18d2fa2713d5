// Allocation, copy, file mapping and file loading.
#include <cstring>
#include <limits>
#include <string>

#include "check.h"

namespace {

using check::format;

void test_alloc() {
    for (int64_t bytes : {int64_t{0}, int64_t{1}, int64_t{63}, int64_t{64}, int64_t{1000}, int64_t{1} << 20}) {
        auto* p = static_cast<unsigned char*>(mu_alloc(bytes));
        check::expect(p != nullptr, format("mu_alloc(%lld) succeeds", static_cast<long long>(bytes)));
        if (p == nullptr) continue;
        check::expect(reinterpret_cast<uintptr_t>(p) % 64 == 0, format("mu_alloc(%lld) is 64-byte aligned",
                                                                        static_cast<long long>(bytes)));
        bool zero = true;
        for (int64_t i = 0; i < bytes; ++i) zero = zero && p[i] == 0;
        check::expect(zero, format("mu_alloc(%lld) is zero-filled", static_cast<long long>(bytes)));
        if (bytes > 0) std::memset(p, 0xAB, static_cast<size_t>(bytes)); // the whole block is ours
        mu_free(p);
    }
    check::expect(mu_alloc(-1) == nullptr, "mu_alloc(-1) fails");
    check::expect(mu_alloc(std::numeric_limits<int64_t>::max()) == nullptr, "mu_alloc(INT64_MAX) fails");
    mu_free(nullptr);
}

void test_copy() {
    const char src[] = "mu4j copies bytes";
    char dst[sizeof src] = {};
    mu_copy(dst, src, sizeof src);
    check::expect(std::memcmp(dst, src, sizeof src) == 0, "mu_copy copies");
    mu_copy(dst, nullptr, 0);
    check::expect(std::memcmp(dst, src, sizeof src) == 0, "mu_copy of 0 bytes does nothing");
}

// Files go to the working directory, which CTest sets to this test's build folder.
bool write_file(const std::string& path, const std::vector<unsigned char>& bytes) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) return false;
    const bool ok = bytes.empty() || std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    return std::fclose(f) == 0 && ok;
}

void test_map_file() {
    const std::string path = "test_memory_map.bin";
    std::vector<unsigned char> bytes(10007);
    for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<unsigned char>(i * 31 + 7);
    if (!check::expect(write_file(path, bytes), "write " + path)) return;
    int64_t size = 0;
    void* map = mu_map_file(path.c_str(), &size);
    check::expect(map != nullptr && size == static_cast<int64_t>(bytes.size()),
                  format("mu_map_file maps %zu bytes (size %lld)", bytes.size(), static_cast<long long>(size)));
    if (map != nullptr) {
        check::expect(std::memcmp(map, bytes.data(), bytes.size()) == 0, "mapped bytes equal the file");
        mu_unmap_file(map, size);
    }

    const std::string empty = "test_memory_empty.bin";
    write_file(empty, {});
    size = 123;
    map = mu_map_file(empty.c_str(), &size);
    check::expect(map == nullptr && size == 0, "mu_map_file of an empty file: NULL with size 0");

    size = 123;
    map = mu_map_file("test_memory_does_not_exist.bin", &size);
    check::expect(map == nullptr && size == -1, "mu_map_file of a missing file: NULL with size -1");

    size = 123;
    map = mu_map_file(".", &size);
    check::expect(map == nullptr && size == -1, "mu_map_file of a directory: NULL with size -1");
    std::remove(path.c_str());
    std::remove(empty.c_str());
}

// mu_load_file: a private read-only copy with mu_map_file's conventions, with and without the huge-page advice;
// 3 MiB + 5 bytes crosses a 2 MiB boundary and ends off a page.
void test_load_file() {
    const std::string path = "test_memory_load.bin";
    std::vector<unsigned char> bytes((size_t{3} << 20) + 5);
    for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<unsigned char>(i * 131 + (i >> 12));
    if (!check::expect(write_file(path, bytes), "write " + path)) return;
    for (int huge : {0, 1}) {
        int64_t size = 0;
        void* copy = mu_load_file(path.c_str(), &size, huge);
        check::expect(copy != nullptr && size == static_cast<int64_t>(bytes.size()),
                      format("mu_load_file(huge %d) loads %zu bytes (size %lld)", huge, bytes.size(),
                             static_cast<long long>(size)));
        if (copy == nullptr) continue;
        check::expect(std::memcmp(copy, bytes.data(), bytes.size()) == 0,
                      format("mu_load_file(huge %d): the copy equals the file", huge));
#if !defined(_WIN32)
        check::expect(reinterpret_cast<uintptr_t>(copy) % (uintptr_t{2} << 20) == 0,
                      format("mu_load_file(huge %d) is 2 MiB aligned", huge));
#endif
        mu_unload_file(copy, size);
    }
    const std::string empty = "test_memory_load_empty.bin";
    write_file(empty, {});
    int64_t size = 123;
    void* copy = mu_load_file(empty.c_str(), &size, 1);
    check::expect(copy == nullptr && size == 0, "mu_load_file of an empty file: NULL with size 0");
    size = 123;
    copy = mu_load_file("test_memory_does_not_exist.bin", &size, 1);
    check::expect(copy == nullptr && size == -1, "mu_load_file of a missing file: NULL with size -1");
    size = 123;
    copy = mu_load_file(".", &size, 0);
    check::expect(copy == nullptr && size == -1, "mu_load_file of a directory: NULL with size -1");
    std::remove(path.c_str());
    std::remove(empty.c_str());
}

void test_alloc_pages() {
    for (int64_t bytes : {int64_t{1}, int64_t{4097}, (int64_t{2} << 20) + 1}) {
        for (int huge : {0, 1}) {
            auto* p = static_cast<unsigned char*>(mu_alloc_pages(bytes, huge));
            if (!check::expect(p != nullptr, format("mu_alloc_pages(%lld, %d) succeeds", static_cast<long long>(bytes), huge))) {
                continue;
            }
            bool zero = true;
            for (int64_t i = 0; i < bytes; ++i) zero = zero && p[i] == 0;
            check::expect(zero, format("mu_alloc_pages(%lld, %d) is zero-filled", static_cast<long long>(bytes), huge));
            check::expect(reinterpret_cast<uintptr_t>(p) % 4096 == 0, "mu_alloc_pages is page aligned");
            std::memset(p, 0x5A, static_cast<size_t>(bytes)); // the whole block is ours
            mu_free_pages(p, bytes);
        }
    }
    check::expect(mu_alloc_pages(0, 1) == nullptr, "mu_alloc_pages(0) fails");
    check::expect(mu_alloc_pages(-1, 0) == nullptr, "mu_alloc_pages(-1) fails");
    check::expect(mu_alloc_pages(std::numeric_limits<int64_t>::max(), 1) == nullptr, "mu_alloc_pages(INT64_MAX) fails");
    mu_free_pages(nullptr, 0);
}

} // namespace

int main() {
    test_alloc();
    test_copy();
    test_map_file();
    test_load_file();
    test_alloc_pages();
    return check::finish("test_memory");
}
