package synctest_test

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"mime/multipart"
)

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// newMultipart writes a one-file form and returns its content type.
func newMultipart(w io.Writer, field, name string, data []byte) string {
	mw := multipart.NewWriter(w)
	fw, _ := mw.CreateFormFile(field, name)
	fw.Write(data)
	mw.Close()
	return mw.FormDataContentType()
}
