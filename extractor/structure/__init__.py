"""Structure: paragraphs → section tree, and the document's title, issuer, year and kind."""
