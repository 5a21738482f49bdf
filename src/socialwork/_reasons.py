"""What errors of Python and the system say, in Chinese too: json's, the codecs' and the C library's.

Python words these in English only. The tables give each text a user can meet its
Chinese; a text they lack (a newer Python's, a rarer errno) is kept as it is, in
both languages. They are data only: :func:`socialwork.errors.reason_of` reads them.
"""

from __future__ import annotations

import errno
import re
from typing import Final

__all__ = ["DECODE_REASONS", "JSON_REASONS", "JSON_REASON_PATTERNS", "STRERROR_ZH"]

# What Python's json module says is wrong (JSONDecodeError.msg), in Chinese. The C decoder
# and the pure-Python one (used where the C one is missing) say the same, except that the
# Python one also names the bad character in two of them (the patterns below). A text the
# table lacks (a newer Python's) is shown in English in both languages.
JSON_REASONS: Final = {
    "Expecting value": "此处应为一个值",
    "Expecting ',' delimiter": "此处应为分隔符 ','",
    "Expecting ':' delimiter": "此处应为分隔符 ':'",
    "Expecting property name enclosed in double quotes": "此处应为用双引号括起的键名",
    "Unterminated string starting at": "字符串从此处开始，但没有结束",
    "Invalid control character at": "此处有无效的控制字符",
    "Invalid \\escape": "无效的转义序列",
    "Invalid \\uXXXX escape": "无效的 \\uXXXX 转义序列",
    "Extra data": "JSON 值之后还有多余的内容",
    "Unexpected UTF-8 BOM (decode using utf-8-sig)": "意外的 UTF-8 字节序标记（请用 utf-8-sig 解码）",
    "Illegal trailing comma before end of object": "对象结尾前有多余的逗号",
    "Illegal trailing comma before end of array": "数组结尾前有多余的逗号",
}
JSON_REASON_PATTERNS: Final = (
    (
        re.compile(r"Invalid control character (?P<char>.+) at"),
        "Invalid control character {char} at",
        "此处有无效的控制字符 {char}",
    ),
    (re.compile(r"Invalid \\escape: (?P<char>.+)"), "Invalid \\escape: {char}", "无效的转义序列：{char}"),
)

# Why bytes are not text (UnicodeDecodeError.reason), in Chinese, as a predicate of "the
# byte at N": UTF-8's three, and those of the other codecs a file opened in text mode may use.
DECODE_REASONS: Final = {
    "invalid start byte": "不是有效的起始字节",
    "invalid continuation byte": "不是有效的后续字节",
    "unexpected end of data": "之后数据意外结束",
    "ordinal not in range(128)": "超出 ASCII 的范围 range(128)",
    "illegal multibyte sequence": "属于非法的多字节序列",
    "incomplete multibyte sequence": "属于不完整的多字节序列",
    "truncated data": "处数据被截断",
    "illegal encoding": "处编码非法",
    "illegal UTF-16 surrogate": "处有非法的 UTF-16 代理项",
    "code point not in range(0x110000)": "处的码位超出 range(0x110000)",
    "code point in surrogate code point range(0xd800, 0xe000)": (
        "处的码位落在代理项范围 range(0xd800, 0xe000) 内"
    ),
    "character maps to <undefined>": "在该编码中没有对应的字符",
}

# What the C library says for the errors a command meets reading and writing files,
# in Chinese; the others stay as the system words them.
STRERROR_ZH: Final = {
    errno.ENOENT: "没有那个文件或目录",
    errno.EACCES: "权限不够",
    errno.EPERM: "不允许的操作",
    errno.EISDIR: "是一个目录",
    errno.ENOTDIR: "不是目录",
    errno.EEXIST: "文件已存在",
    errno.ENOSPC: "设备上没有空间",
    errno.EROFS: "只读文件系统",
    errno.ENAMETOOLONG: "文件名过长",
    errno.ELOOP: "符号链接的层数过多",
    errno.EMFILE: "打开的文件过多",
    errno.EIO: "输入/输出错误",
    errno.EBUSY: "设备或资源忙",
    errno.EXDEV: "无效的跨设备链接",
    errno.EINVAL: "无效的参数",
}
