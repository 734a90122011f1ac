# Writes the reference matrices the QR code tests compare with, using segno (pip install segno), once.
# Each file: the input text on line 1, "version mask" on line 2, then rows of # (dark) and . (light).
import segno
from segno import encoder

# segno 1.6.6 appends a whole zero byte when the bit stream already ends on a codeword boundary after the
# terminator (`8 - length % 8` is 8 there); ISO/IEC 18004 §7.4.10 pads only up to the boundary. Byte-mode data
# always ends on one, so without this every reference would carry the extra 0x00 before the pad codewords.
def _write_padding_bits(buff, version, length):
    buff.extend([0] * ((8 - length % 8) % 8))

encoder.write_padding_bits = _write_padding_bits

CASES = [
    ("v1", "HELLO", None),
    ("v2-mask5", "https://seedbed.example/", 5),
    ("v4", "科技企业创新积分平台 · 二维码测试", None),
    ("v6", "otpauth://totp/%E7%A7%91%E6%8A%80:admin?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=seedbed", None),
    ("v10", "0123456789abcdef" * 12, None),
    ("v13", "The quick brown fox jumps over the lazy dog. " * 7, None),
    ("v26", "Seedbed 等保三级 双因素认证 " * 28, None),
]

for name, text, mask in CASES:
    qr = segno.make_qr(text.encode("utf-8"), error="m", boost_error=False, mode="byte", mask=mask, encoding=None)
    with open(f"{name}.txt", "w") as out:
        out.write(text + "\n")
        out.write(f"{qr.version} {qr.mask}\n")
        for row in qr.matrix:
            out.write("".join("#" if bit else "." for bit in row) + "\n")
    print(name, qr.version, qr.mask, qr.designator)
