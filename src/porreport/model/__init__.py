"""The report model: what a report says, validated, with no output library.

Owns the pydantic model of a report (``report``), the parsing of Italian figures
(``parsing``), the consistency rules across fields (``checks``), the reference tables of
provinces and ATECO codes and the text key names are looked up by (``reference``), the
firm-size classes and their Italian labels (``labels``), the report's own words and their
documented defaults (``vocabulary``: programme short name, axis word and numbering,
beneficiaries, a call's split, the emergency card), Italian articles and agreement for
those words (``grammar``) and the JSON Schema of the input (``schema``).

May import: the standard library, pydantic, babel (through ``porreport.formatting``) and
the shared base modules (``errors``, ``formatting``, ``resources``). Never an output
library (python-pptx, ReportLab, matplotlib) nor pandas.
"""
