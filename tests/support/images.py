"""Real JPEG and PNG files made with Pillow, optionally carrying the metadata uploads must lose."""

from __future__ import annotations

import io

from PIL import Image, PngImagePlugin

GPS_IFD = 0x8825


def image_bytes(fmt: str, size: tuple[int, int] = (8, 6), *, mode: str = "RGB", gps: bool = False,
                text: bool = False, **options: object) -> bytes:
    """An image in ``fmt`` (JPEG or PNG); ``gps`` adds EXIF with a GPS position, owner and camera (JPEG and
    PNG eXIf); ``text`` adds PNG text chunks or a JPEG comment."""
    image = Image.new(mode, size, "white" if mode != "P" else 0)
    image.putpixel((1, 1), (200, 30, 30) if mode == "RGB" else 1)
    save: dict[str, object] = dict(options)
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x013B] = "Parent Name"  # Artist
        exif[0x0112] = 1  # Orientation
        exif.get_ifd(GPS_IFD).update({1: "N", 2: (52.0, 24.0, 30.0), 3: "W", 4: (1.0, 30.0, 0.0)})
        save["exif"] = exif
    if text and fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", "home address: 1 Example Street")
        info.add_itxt("Author", "Parent Name")
        save["pnginfo"] = info
    if text and fmt == "JPEG":
        save["comment"] = b"home address: 1 Example Street"
    out = io.BytesIO()
    image.save(out, format=fmt, **save)
    return out.getvalue()
