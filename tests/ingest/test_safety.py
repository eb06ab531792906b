"""Safe archive and folder access (spec 02 §12, §13, §17 checks 13 and 14)."""

from __future__ import annotations

import os
import struct
import zipfile
from pathlib import Path

import pytest

from chiefops.config import Settings
from chiefops.ingest.safety import (
    ArchiveError,
    FolderTree,
    InvalidJson,
    Limits,
    ReadMeter,
    SafeArchive,
    open_tree,
    read_json_file,
)
from chiefops.ingest.safety_rules import MIB, walk_folder

SMALL = Limits(
    max_upload_bytes=4 * MIB,
    max_unzipped_bytes=4 * MIB,
    max_zip_ratio=100,
    max_zip_entries=50,
    max_json_bytes=MIB,
)


def make_zip(path: Path, members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return path


def add_symlink(path: Path, name: str, target: str) -> None:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = 0o120777 << 16
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(info, target)


def central_entries(data: bytes) -> list[int]:
    """Offsets of the central directory headers."""
    offsets, start = [], 0
    while (found := data.find(b"PK\x01\x02", start)) != -1:
        offsets.append(found)
        start = found + 4
    return offsets


def patch_central(path: Path, *, index: int, offset: int, fmt: str, value: int) -> None:
    data = bytearray(path.read_bytes())
    at = central_entries(bytes(data))[index] + offset
    struct.pack_into(fmt, data, at, value)
    path.write_bytes(bytes(data))


def duplicate_first_entry(path: Path, *, new_name: bytes) -> None:
    """Add a second central-directory entry pointing at the first member's data (overlap)."""
    data = bytearray(path.read_bytes())
    start = central_entries(bytes(data))[0]
    name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, start + 28)
    entry = bytearray(data[start : start + 46 + name_len + extra_len + comment_len])
    assert len(new_name) == name_len
    entry[46 : 46 + name_len] = new_name
    eocd = data.rfind(b"PK\x05\x06")
    entries, cd_size = (
        struct.unpack_from("<H", data, eocd + 10)[0],
        struct.unpack_from("<I", data, eocd + 12)[0],
    )
    data[eocd:eocd] = entry
    struct.pack_into("<HHI", data, eocd + len(entry) + 8, entries + 1, entries + 1, cd_size + len(entry))
    path.write_bytes(bytes(data))


# --- Names ----------------------------------------------------------------------------------------


def test_zip_slip_and_symlink_members_are_skipped_and_reported(tmp_path: Path) -> None:
    path = make_zip(
        tmp_path / "export.zip",
        {
            "../../x.json": b"[]",
            "/abs.json": b"[]",
            "C:\\x.json": b"[]",
            "..\\..\\y.json": b"[]",
            "ok.json": b"[1]",
        },
    )
    add_symlink(path, "link.json", "/etc/passwd")
    with SafeArchive(path, limits=SMALL) as archive:
        assert archive.names() == ["ok.json"]
        assert [(p.code, p.reason) for p in archive.problems] == [
            ("unsafe_path", "export.zip › ../../x.json: skipped, its name climbs out of the archive (`..`)"),
            ("unsafe_path", "export.zip › /abs.json: skipped, its name is an absolute path"),
            ("unsafe_path", "export.zip › C:\\x.json: skipped, its name starts with a drive letter"),
            (
                "unsafe_path",
                "export.zip › ..\\..\\y.json: skipped, its name climbs out of the archive (`..`)",
            ),
            ("unsafe_path", "export.zip › link.json: skipped, it is a symbolic link"),
        ]


def test_extracting_members_writes_nothing_outside_the_work_dir(tmp_path: Path) -> None:
    work = tmp_path / "a" / "b" / "work"
    work.mkdir(parents=True)
    path = make_zip(
        tmp_path / "export.zip", {"../../x.json": b"[]", "docs/ok.json": b"[1]", "top.json": b"[2]"}
    )
    with SafeArchive(path, limits=SMALL) as archive:
        extracted = [archive.extract_to(name, work) for name in archive.names()]
    assert extracted == [work / "docs" / "ok.json", work / "top.json"]
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == [
        "a/b/work/docs/ok.json",
        "a/b/work/top.json",
        "export.zip",
    ]


def test_junk_is_dropped_and_one_shared_top_folder_is_stripped(tmp_path: Path) -> None:
    path = make_zip(
        tmp_path / "export.zip",
        {
            "export/users.json": b"[]",
            "export/general/2026-06-01.json": b"[]",
            "__MACOSX/export/._users.json": b"x",
            "export/._users.json": b"x",
            "export/.DS_Store": b"x",
            "export/Thumbs.db": b"x",
            "export/desktop.ini": b"x",
        },
    )
    with SafeArchive(path, limits=SMALL) as archive:
        assert (archive.names(), archive.top_folder, archive.ignored) == (
            ["users.json", "general/2026-06-01.json"],
            "export",
            5,
        )


# --- Limits ---------------------------------------------------------------------------------------


def test_ratio_bomb_is_refused_before_any_byte_is_decompressed(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "bomb.zip", {"zeros.json": bytes(3 * MIB)})
    meter = ReadMeter()
    with pytest.raises(ArchiveError) as caught:
        SafeArchive(path, limits=SMALL, meter=meter)
    assert caught.value.code == "zip_bomb_suspected"
    assert caught.value.reason.startswith("bomb.zip › zeros.json: compressed ")
    assert meter.bytes_read == 0


def test_declared_total_over_the_limit_is_zip_too_large_without_reading(tmp_path: Path) -> None:
    members = {f"part-{i}.bin": os.urandom(MIB) for i in range(5)}
    path = make_zip(tmp_path / "big.zip", members, compression=zipfile.ZIP_STORED)
    meter = ReadMeter()
    with pytest.raises(ArchiveError) as caught:
        SafeArchive(path, limits=SMALL, meter=meter)
    assert (caught.value.code, caught.value.reason) == (
        "zip_too_large",
        "big.zip: the unzipped size is 5.0 MB, over the limit of 4 MB (CHIEFOPS_MAX_UNZIPPED_MB)",
    )
    assert meter.bytes_read == 0


def test_streaming_stops_within_one_chunk_past_the_unzipped_limit(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "big.zip", {"a.bin": os.urandom(3 * MIB)}, compression=zipfile.ZIP_STORED)
    meter = ReadMeter()
    with SafeArchive(path, limits=SMALL, meter=meter) as archive:
        meter.bytes_read = 2 * MIB  # bytes already taken by a sibling archive nested in the same upload
        with pytest.raises(ArchiveError) as caught:
            b"".join(archive.iter_chunks("a.bin"))
    assert caught.value.code == "zip_too_large"
    assert SMALL.max_unzipped_bytes < meter.bytes_read <= SMALL.max_unzipped_bytes + MIB


def test_member_larger_than_declared_is_never_read_past_its_declared_size(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "liar.zip", {"a.json": b"[" + b"1," * 200_000 + b"1]"})
    patch_central(path, index=0, offset=24, fmt="<I", value=1000)
    meter = ReadMeter()
    with SafeArchive(path, limits=SMALL, meter=meter) as archive, pytest.raises(ArchiveError) as caught:
        archive.read_json("a.json")
    assert caught.value.code == "member_failed"
    assert meter.bytes_read <= 1000


def test_overlapping_members_are_a_suspected_bomb(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "overlap.zip", {"a.json": b"[1, 2, 3]"})
    duplicate_first_entry(path, new_name=b"b.json")
    with pytest.raises(ArchiveError) as caught:
        SafeArchive(path, limits=SMALL)
    assert caught.value.code == "zip_bomb_suspected"
    assert (
        caught.value.reason
        == "overlap.zip › a.json: its data overlaps another member — this looks like a ZIP bomb"
    )


def test_too_many_entries(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "many.zip", {f"{i}.json": b"[]" for i in range(51)})
    with pytest.raises(ArchiveError) as caught:
        SafeArchive(path, limits=SMALL)
    assert (caught.value.code, caught.value.reason) == (
        "too_many_entries",
        "many.zip: 51 entries, over the limit of 50 (CHIEFOPS_MAX_ZIP_ENTRIES)",
    )


def test_encrypted_archive_fails_and_encrypted_member_is_skipped(tmp_path: Path) -> None:
    whole = make_zip(tmp_path / "locked.zip", {"a.json": b"[]", "b.json": b"[]"})
    for index in (0, 1):
        patch_central(whole, index=index, offset=8, fmt="<H", value=1)
    with pytest.raises(ArchiveError) as caught:
        SafeArchive(whole, limits=SMALL)
    assert (caught.value.code, caught.value.reason) == (
        "encrypted_archive",
        "locked.zip: password-protected archives are not supported — unzip it and add the files",
    )
    partly = make_zip(tmp_path / "partly.zip", {"a.json": b"[]", "b.json": b"[]"})
    patch_central(partly, index=0, offset=8, fmt="<H", value=1)
    with SafeArchive(partly, limits=SMALL) as archive:
        assert archive.names() == ["b.json"]
        assert [p.code for p in archive.problems] == ["encrypted_archive"]


def test_zip_cut_at_60_percent_is_corrupt_with_its_length(tmp_path: Path) -> None:
    full = make_zip(
        tmp_path / "full.zip", {f"general/2026-06-{d:02d}.json": os.urandom(2000) for d in range(1, 10)}
    )
    data = full.read_bytes()
    cut = tmp_path / "export.zip"
    cut.write_bytes(data[: len(data) * 6 // 10])
    with pytest.raises(ArchiveError) as caught:
        SafeArchive(cut, limits=SMALL)
    assert (caught.value.code, caught.value.reason) == (
        "corrupt_archive",
        f"export.zip: not a readable ZIP (damaged or incomplete download; ends at byte {len(data) * 6 // 10:,})"
        " — download it again",
    )


def test_nesting_deeper_than_two_is_refused(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "inner.zip", {"a.json": b"[]"})
    with SafeArchive(path, limits=SMALL, depth=2) as archive:
        assert archive.names() == ["a.json"]
    with pytest.raises(ArchiveError) as caught:
        SafeArchive(path, limits=SMALL, depth=3, display="outer.zip › mid.zip › inner.zip")
    assert caught.value.code == "nested_too_deep"


def test_extracting_a_member_over_the_upload_limit_is_file_too_large(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "docs.zip", {"big.bin": os.urandom(MIB + 10)}, compression=zipfile.ZIP_STORED)
    limits = Limits(max_upload_bytes=MIB, max_unzipped_bytes=4 * MIB)
    with SafeArchive(path, limits=limits) as archive, pytest.raises(ArchiveError) as caught:
        archive.extract_to("big.bin", tmp_path / "work")
    assert (caught.value.code, caught.value.reason) == (
        "file_too_large",
        "docs.zip › big.bin: this file is 1.0 MB, over the limit of 1 MB (CHIEFOPS_MAX_UPLOAD_MB)",
    )


# --- JSON ---------------------------------------------------------------------------------------


def test_invalid_json_member_names_member_and_line_column(tmp_path: Path) -> None:
    path = make_zip(
        tmp_path / "export.zip",
        {"users.json": b"[]", "general/2026-06-02.json": b'[\n  {"ts": "1.0",\n  oops}\n]'},
    )
    with SafeArchive(path, limits=SMALL) as archive, pytest.raises(InvalidJson) as caught:
        archive.read_json("general/2026-06-02.json")
    assert (caught.value.code, caught.value.line, caught.value.column) == ("invalid_json", 3, 3)
    assert caught.value.reason.startswith("export.zip › general/2026-06-02.json: invalid JSON at line 3:3 (")


def test_json_over_the_limit_is_refused_by_declared_size(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "export.zip", {"big.json": b'["' + os.urandom(MIB).hex().encode() + b'"]'})
    meter = ReadMeter()
    with SafeArchive(path, limits=SMALL, meter=meter) as archive, pytest.raises(ArchiveError) as caught:
        archive.read_json("big.json")
    assert (caught.value.code, meter.bytes_read) == ("json_too_large", 0)
    assert caught.value.reason == (
        "export.zip › big.json: this JSON document is 2.0 MB, over the limit of 1 MB (CHIEFOPS_MAX_JSON_MB)"
    )


def test_json_file_on_disk_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "capture.json"
    path.write_bytes(b"[" + b"1," * MIB + b"1]")
    with pytest.raises(ArchiveError) as caught:
        read_json_file(path, limits=SMALL, display="capture.json")
    assert caught.value.code == "json_too_large"


# --- Folders ------------------------------------------------------------------------------------


def test_folder_walk_is_sorted_skips_symlinks_and_counts_junk(tmp_path: Path) -> None:
    root = tmp_path / "drop"
    (root / "b").mkdir(parents=True)
    (root / "a").mkdir()
    for name in ("b/2.txt", "a/1.txt", "a/10.txt", "z.txt", ".hidden", "~$lock.docx", "a/.DS_Store"):
        (root / name).write_text("x")
    (root / "outside").symlink_to(tmp_path)
    (root / "link.txt").symlink_to(root / "z.txt")
    listing = walk_folder(root)
    assert [p.relative_to(root).as_posix() for p in listing.files] == [
        "a/1.txt",
        "a/10.txt",
        "b/2.txt",
        "z.txt",
    ]
    assert listing.ignored == 5


def test_folder_tree_and_zip_tree_read_the_same_names_and_json(tmp_path: Path) -> None:
    files = {"users.json": b'[{"id": "U1"}]', "general/2026-06-01.json": b'[{"ts": "1.0"}]'}
    folder = tmp_path / "export"
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    archive = make_zip(tmp_path / "export.zip", {f"export/{n}": d for n, d in files.items()})
    with open_tree(folder, limits=SMALL) as from_folder, open_tree(archive, limits=SMALL) as from_zip:
        assert isinstance(from_folder, FolderTree)
        assert sorted(from_folder.names()) == sorted(from_zip.names())
        assert [from_folder.read_json(n) for n in sorted(files)] == [
            from_zip.read_json(n) for n in sorted(files)
        ]
        assert from_zip.member_display("users.json") == "export.zip › users.json"


def test_limits_are_built_from_settings_in_bytes() -> None:
    settings = Settings(
        max_upload_mb=5,
        max_unzipped_mb=7,
        max_batch_files=9,
        max_zip_ratio=11,
        max_zip_entries=13,
        max_json_mb=2,
    )
    assert Limits.from_settings(settings) == Limits(
        max_upload_bytes=5 * MIB,
        max_unzipped_bytes=7 * MIB,
        max_batch_files=9,
        max_zip_ratio=11,
        max_zip_entries=13,
        max_json_bytes=2 * MIB,
    )
