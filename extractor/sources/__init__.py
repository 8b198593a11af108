"""Reading documents: files, PDF text layers, OCR, text dumps, page quality."""
