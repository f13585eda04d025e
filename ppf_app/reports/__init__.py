"""Reports: PDF documents built from plain domain objects (reportlab, no Qt)."""
