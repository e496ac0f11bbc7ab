package kiosk

// The PDF and QR readers of the internal tests, for the HTTP and browser
// tests of package kiosk_test.
var (
	PDFText    = pdfText
	PDFQR      = pdfQR
	DecodeQR   = decodeQR
	PageSize   = pageSize
	Eventually = eventually
)
