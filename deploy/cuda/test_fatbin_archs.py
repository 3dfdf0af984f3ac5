"""Tests of fatbin-archs.py on ELF files built here: /usr/bin/python3 deploy/cuda/test_fatbin_archs.py"""
import os
import struct
import subprocess
import sys
import tempfile
import unittest
import zipfile

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fatbin-archs.py")


def entry(kind, arch, payload):
    """A fatbin entry: its 64-byte header (kind, version, header size, payload size, ..., arch at byte 28), payload."""
    header = struct.pack("<HHIQ12xI32x", kind, 0x0101, 64, len(payload), arch)
    return header + payload


def container(*entries):
    body = b"".join(entries)
    return struct.pack("<IHHQ", 0xBA55ED50, 1, 16, len(body)) + body


def elf(sections):
    """A minimal ELF64 little-endian file: the ELF header, the sections' bytes, then their headers."""
    names = b"\0" + b"".join(name.encode() + b"\0" for name, _ in sections) + b".shstrtab\0"
    contents = [data for _, data in sections] + [names]
    name_at = [names.index(name.encode() + b"\0") for name, _ in sections] + [names.index(b".shstrtab\0")]
    offsets, at = [], 64
    for data in contents:
        offsets.append(at)
        at += len(data)
    headers = bytes(64) + b"".join(  # section 0 is the null section
        struct.pack("<IIQQQQIIQQ", n, 1, 0, 0, o, len(d), 0, 0, 1, 0) for n, o, d in zip(name_at, offsets, contents))
    ident = b"\x7fELF\x02\x01\x01" + bytes(9)
    header = ident + struct.pack("<HHIQQQIHHHHHH", 3, 62, 1, 0, 0, at, 0, 64, 0, 0, 64, len(contents) + 1, len(contents))
    return header + b"".join(contents) + headers


class FatbinArchsTest(unittest.TestCase):

    def run_script(self, path, *options):
        return subprocess.run([sys.executable, SCRIPT, path, *options], capture_output=True, text=True)

    def write(self, name, data):
        path = os.path.join(self.tmp.name, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        fatbin = container(entry(2, 80, b"sass" * 5), entry(1, 90, b".version 7.8\0"))
        self.library = elf([(".text", b"\xc3" * 8), (".nv_fatbin", fatbin)])

    def test_library_lists_sass_and_ptx_architectures(self):
        result = self.run_script(self.write("libnd4jcuda.so", self.library))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, "libnd4jcuda.so: 1 fatbins, 2 entries; SASS: sm_80; PTX: sm_90\n")

    def test_jar_member_is_read_and_properties_name_its_size(self):
        jar = os.path.join(self.tmp.name, "nd4j-cuda-test.jar")
        with zipfile.ZipFile(jar, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("org/nd4j/linalg/jcublas/bindings/linux-x86_64/libjnind4jcuda.so", elf([(".text", b"")]))
            z.writestr("org/nd4j/linalg/jcublas/bindings/linux-x86_64/libnd4jcuda.so", self.library)
        result = self.run_script(jar, "--properties")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, f"library.size={len(self.library)}\n"
                                        "fatbin=libnd4jcuda.so: 1 fatbins, 2 entries; SASS: sm_80; PTX: sm_90\n")

    def test_containers_are_walked_one_after_another(self):
        fatbins = container(entry(2, 37, b"a"), entry(2, 86, b"bb")) + container(entry(2, 50, b"ccc"))
        result = self.run_script(self.write("lib.so", elf([(".nv_fatbin", fatbins)])))
        self.assertEqual(result.stdout, "lib.so: 2 fatbins, 3 entries; SASS: sm_37 sm_50 sm_86; PTX: none\n")

    def test_refusals_name_the_file_and_the_fault(self):
        no_device_code = self.run_script(self.write("plain.so", elf([(".text", b"\xc3")])))
        self.assertEqual((no_device_code.returncode, no_device_code.stderr.strip()),
                         (1, f"{self.tmp.name}/plain.so: no .nv_fatbin section (no device code)"))
        damaged = self.run_script(self.write("bad.so", elf([(".nv_fatbin", b"\x01" * 16)])))
        self.assertIn("no fatbin container at byte", damaged.stderr)
        self.assertIn("not a 64-bit little-endian ELF file", self.run_script(self.write("x.txt", b"text")).stderr)


if __name__ == "__main__":
    unittest.main()
