package bundle

import (
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"time"
)

// EnrolRequest is the file a township hands the county (by USB stick or
// mail) so the hub accepts its bundles: who it is and its public key.
type EnrolRequest struct {
	Format       int       `json:"format"`
	TownshipName string    `json:"township_name"`
	TownshipCode string    `json:"township_code"`
	PublicKey    []byte    `json:"public_key"` // Ed25519, base64 in JSON
	Fingerprint  string    `json:"fingerprint"`
	Created      time.Time `json:"created"`
}

// ParseEnrolRequest reads and checks a request file.
func ParseEnrolRequest(data []byte) (EnrolRequest, error) {
	var r EnrolRequest
	if err := json.Unmarshal(data, &r); err != nil {
		return r, fmt.Errorf("登记申请文件无法读取：%v", err)
	}
	switch {
	case r.Format != Format:
		return r, fmt.Errorf("登记申请文件格式版本 %d 不受支持", r.Format)
	case r.TownshipName == "":
		return r, fmt.Errorf("登记申请文件缺少乡镇名称")
	case !codeRe.MatchString(r.TownshipCode):
		return r, fmt.Errorf("登记申请文件中的行政区划代码“%s”无效", r.TownshipCode)
	case len(r.PublicKey) != ed25519.PublicKeySize:
		return r, fmt.Errorf("登记申请文件中的公钥无效")
	}
	return r, nil
}
