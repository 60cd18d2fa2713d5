// Allocation, copy and file mapping.
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

} // namespace

int main() {
    test_alloc();
    test_copy();
    test_map_file();
    return check::finish("test_memory");
}
