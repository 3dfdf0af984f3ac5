#!/usr/bin/env python3
"""Lists the GPU architectures a CUDA library holds code for: SASS (runs as is) and PTX (JIT-compiled by the driver).

    deploy/cuda/fatbin-archs.py LIB.so|JAR [--properties]

Reads the ELF section .nv_fatbin: a run of fatbin containers (magic 0xBA55ED50, version, header size, fat size), each
holding entries (kind 1 = PTX, 2 = ELF/SASS; the target sm_XX at byte 28 of the entry's header). A jar's
libnd4jcuda.so (or its only .so) is streamed to a temporary file first: the release one is 905 MB. --properties
prints the form of spark-jobs/src/main/resources/org/lwsspark/train/device/nd4j-cuda-release.properties.
"""
import os
import shutil
import struct
import sys
import tempfile
import zipfile

MAGIC = 0xBA55ED50
KINDS = {1: "PTX", 2: "SASS"}


def section(f, name):
    """(offset, size) of the section called name of an ELF64 little-endian file."""
    head = f.read(64)
    if head[:4] != b"\x7fELF" or head[4:6] != b"\x02\x01":
        raise ValueError("not a 64-bit little-endian ELF file")
    shoff, = struct.unpack_from("<Q", head, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", head, 0x3A)
    f.seek(shoff)
    table = f.read(shentsize * shnum)
    headers = [struct.unpack_from("<I4x8x8xQQ", table, i * shentsize) for i in range(shnum)]  # name, offset, size
    f.seek(headers[shstrndx][1])
    names = f.read(headers[shstrndx][2])
    for name_at, offset, size in headers:
        if names[name_at:names.index(b"\0", name_at)] == name.encode():
            return offset, size
    raise ValueError(f"no {name} section (no device code)")


def entries(f, offset, size):
    """The number of containers in the section, and (kind, arch) of each of their entries."""
    containers, found, at = 0, [], offset
    while at < offset + size:
        f.seek(at)
        magic, _version, header_size, fat_size = struct.unpack("<IHHQ", f.read(16))
        if magic != MAGIC:
            raise ValueError(f"no fatbin container at byte {at} (magic {magic:#x})")
        containers += 1
        entry, at = at + header_size, at + header_size + fat_size
        while entry < at:
            f.seek(entry)
            kind, _version, entry_header, payload = struct.unpack("<HHIQ", f.read(16))
            f.seek(entry + 28)
            found.append((kind, struct.unpack("<I", f.read(4))[0]))
            entry += entry_header + payload
    return containers, found


def describe(name, containers, found):
    listed = {v: " ".join(f"sm_{a}" for a in sorted({a for k, a in found if k == kind})) or "none"
              for kind, v in KINDS.items()}
    other = sum(1 for k, _ in found if k not in KINDS)
    return (f"{name}: {containers} fatbins, {len(found)} entries; SASS: {listed['SASS']}; PTX: {listed['PTX']}"
            + (f"; {other} entries of another kind" if other else ""))


def main(path, properties):
    with tempfile.TemporaryDirectory() as tmp:
        library = path
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as jar:
                sos = [m for m in jar.infolist() if m.filename.endswith(".so")]
                named = [m for m in sos if m.filename.endswith("/libnd4jcuda.so")]
                if len(named or sos) != 1:
                    sys.exit(f"{path}: no libnd4jcuda.so, and not one .so but {len(sos)}")
                library = os.path.join(tmp, os.path.basename((named or sos)[0].filename))
                with jar.open((named or sos)[0]) as src, open(library, "wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
        try:
            with open(library, "rb") as f:
                line = describe(os.path.basename(library), *entries(f, *section(f, ".nv_fatbin")))
        except (ValueError, struct.error) as e:
            sys.exit(f"{path}: {e}")
        print(f"library.size={os.path.getsize(library)}\nfatbin={line}" if properties else line)


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3) or sys.argv[2:] not in ([], ["--properties"]):
        sys.exit("usage: " + __doc__.split("\n\n")[1].strip())
    main(sys.argv[1], len(sys.argv) == 3)
