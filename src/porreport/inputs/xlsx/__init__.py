"""XLSX workbooks from outside (a report's tables, application records), read within limits.

``package`` checks the container and its parts before anything is inflated or parsed,
``scan`` measures the shared strings and sheets in one streaming pass, ``sheet`` hands over
the rows of one sheet read by openpyxl. The limits are ``SheetLimits`` (``limits``).
"""

from porreport.inputs.xlsx.limits import SheetLimits
from porreport.inputs.xlsx.sheet import open_sheet

__all__ = ["SheetLimits", "open_sheet"]
