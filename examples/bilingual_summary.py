"""Print the bundled example's summary in Chinese and in English, side by side.

Shows socialwork.reporting: the kind labels of the model's kinds table, and columns
that line up in a terminal because 汉字 count two columns (display_width, pad).
"""

import socialwork as sw
from socialwork.reporting import display_width, pad, summary_text

registry = sw.datasets.example()
zh = summary_text(registry, lang="zh").splitlines()
en = summary_text(registry, lang="en").splitlines()
width = max(display_width(line) for line in zh) + 4
for left, right in zip(zh, en, strict=True):
    print(f"{pad(left, width)}{right}".rstrip())
