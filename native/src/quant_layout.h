// Where the blocks of a quantized matrix W(d, n) lie: the plain row-major layouts (q8_0, q4_0) and the 4-row
// interleaved ones (q8_0r4, q4_0r4; models/FORMAT.md, "Interleaved rows").
//
// Interleaved: the rows go in groups of 4 (d % 4 == 0) and each row in octets of 8 blocks (n % 256 == 0). A
// group's quants are its 4 rows' first octets one after the other, then their second octets, and so on; its
// scales are in the same order (8 per row per octet). Row r, block b of the matrix is therefore at
//   quants: (r - r % 4) * row_bytes + (b / 8) * 4 * 8 * block_bytes + (r % 4) * 8 * block_bytes + (b % 8) * block_bytes
//   scales: (r - r % 4) * nb        + (b / 8) * 4 * 8               + (r % 4) * 8               + (b % 8)
// (nb = n / 32 blocks per row). A product over a group reads one stream of quants and one of scales, where the
// plain layout streams 4 + 4 (each row its own), and the hardware prefetchers of one core track only a few.
//
// The formats of each kernel file (Q8, Q4: block addressing b * block_bytes from a row's start) inherit PlainRows;
// R4<Format> re-bases them: row(w, r, n) is where row r's first block is, block_base(row, b) a pointer from
// which the plain addressing of block b (and of the other blocks of b's octet) is right, and scale_row /
// scale_at the same for the scales.
#pragma once
#include <stdint.h>

#include "kernels.h"

namespace {

struct PlainRows {
    static constexpr int interleave = 1;
    template <class T>
    static const T* block_base(const T* row, int) {
        return row;
    }
    static const uint16_t* scale_row(const uint16_t* scale, int64_t r, int nb) { return scale + r * nb; }
    static const uint16_t* scale_at(const uint16_t* row, int b) { return row + b; }
};

constexpr int R4_ROWS = 4, R4_BLOCKS = 8;

// The formula above: offset of row r, block b in an interleaved array of bb bytes (or elements) per block.
inline int64_t r4_offset(int64_t r, int64_t b, int64_t nb, int64_t bb) {
    return (r - r % R4_ROWS) * nb * bb + (b / R4_BLOCKS) * R4_ROWS * R4_BLOCKS * bb + (r % R4_ROWS) * R4_BLOCKS * bb +
           (b % R4_BLOCKS) * bb;
}

template <class Format>
struct R4 : Format {
    static constexpr int interleave = R4_ROWS;
    // Bytes of one row's octet of quants.
    static constexpr int64_t octet_bytes = static_cast<int64_t>(R4_BLOCKS) * Format::block_bytes;
    using type = typename Format::type;
    static const type* row(const type* w, int64_t r, int n) {
        return Format::row(w, r - r % R4_ROWS, n) + (r % R4_ROWS) * octet_bytes;
    }
    // Block b sits (b / 8) whole group-octets past row's start, of which the plain addressing already counts
    // (b / 8) row-octets: add the other 3.
    static const type* block_base(const type* row, int b) {
        return row + static_cast<int64_t>(b / R4_BLOCKS) * (R4_ROWS - 1) * octet_bytes;
    }
    static const uint16_t* scale_row(const uint16_t* scale, int64_t r, int nb) {
        return scale + (r - r % R4_ROWS) * nb + (r % R4_ROWS) * R4_BLOCKS;
    }
    static const uint16_t* scale_at(const uint16_t* row, int b) {
        return row + b + (b / R4_BLOCKS) * (R4_ROWS - 1) * R4_BLOCKS;
    }
};

} // namespace
