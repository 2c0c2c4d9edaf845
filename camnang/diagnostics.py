"""Compiler-style diagnostics: `file:line:col: lỗi: message` plus a hint."""

from __future__ import annotations

from dataclasses import dataclass, field


class Severity:
    ERROR = "lỗi"
    WARNING = "cảnh báo"


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int  # 1-based; 0 when unknown
    col: int  # 1-based; 0 when unknown
    message: str
    hint: str = ""
    path: str = ""  # key path inside the record, e.g. "noi_dung[2].muc[0].id"
    severity: str = field(default=Severity.ERROR, compare=False)

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        head = f"{where}: {self.severity}: {self.message}"
        if self.path:
            head += f" (tại khóa `{self.path}`)"
        if self.hint:
            head += f"\n    gợi ý: {self.hint}"
        return head


class DataError(Exception):
    """Raised when the data cannot be turned into a handbook; carries every diagnostic."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        super().__init__(self.report())

    def report(self) -> str:
        errors = [d for d in self.diagnostics if d.severity == Severity.ERROR]
        lines = [d.format() for d in self.diagnostics]
        lines.append(f"Dữ liệu có {len(errors)} lỗi; chưa dựng trang. Sửa các lỗi trên rồi chạy lại `make check`.")
        return "\n".join(lines)
