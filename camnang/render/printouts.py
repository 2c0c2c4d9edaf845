"""The "Bản in PDF" page: every PDF the build writes — the handbook's volumes and the topic handouts."""

from __future__ import annotations

from ..addresses import PRINTOUTS
from ..model import Document, Handbook
from ..topics import ordered
from ..volumes import volume_titles
from .blocks import download_button
from .common import doc_link, link


def printouts_page(hb: Handbook, volumes: list[tuple[str, list[Document]]]) -> str:
    """`volumes`: (file, documents) of each printed volume, from `pdf.handbook_volumes`."""
    out = ["# Bản in PDF\n",
           "Các tệp PDF khổ A4 được lập tự động từ cùng dữ liệu với các trang web, mỗi lần cẩm nang "
           "được dựng lại. Đoạn trích in nguyên văn, có ghi nguồn; thông tin chưa rõ ghi “chưa rõ”.\n",
           "## Toàn bộ cẩm nang\n"]
    if len(volumes) == 1:
        out.append("Một tệp gồm mọi văn bản (toàn văn và nhiệm vụ theo kỳ), mô hình học tập, chuyên đề "
                   "sinh hoạt chi bộ và thuật ngữ.\n")
        out.append(download_button(PRINTOUTS, volumes[0][0], "Tải cẩm nang (PDF)") + "\n")
    else:
        out.append(f"Cẩm nang lớn nên bản in chia thành {len(volumes)} tập, mỗi tập vài trăm trang, để "
                   "tải và in được trên máy thông thường. Tập 1 có thêm mô hình học tập, chuyên đề sinh hoạt "
                   "chi bộ và thuật ngữ. Văn bản xếp theo loại rồi theo thời gian, như ở trang danh sách "
                   "văn bản. Văn bản của cơ quan ở tỉnh, thành phố (theo địa bàn sau sắp xếp năm 2025) được in "
                   "thành tập riêng của tỉnh, thành phố ấy, để mỗi nơi in đúng văn bản của mình.\n")
        titles = volume_titles(hb)  # "Tập 3 — tỉnh Hưng Yên"
        for number, (name, docs) in enumerate(volumes, 1):
            out.append(f"### {titles.get(name, f'Tập {number}')} ({len(docs)} văn bản)\n")
            out.append(download_button(PRINTOUTS, name, f"Tải tập {number} (PDF)") + "\n")
            out += [f"- {doc_link(PRINTOUTS, doc)}" for doc in docs]
            out.append("")
    out.append("## Tài liệu sinh hoạt chuyên đề\n")
    out.append("Mỗi chuyên đề một tệp: bìa để chi bộ điền, trích dẫn, câu hỏi thảo luận, việc cần chuẩn bị, "
               "mẫu biên bản.\n")
    for topic in ordered(hb):
        out.append(f"- {link(PRINTOUTS, topic.url, topic.title)} — "
                   f"{download_button(PRINTOUTS, topic.pdf_name, 'Tải PDF')}")
    return "\n".join(out) + "\n"
