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

// EnrolReply is the file the county hands back to an enrolled township (on
// the same USB stick as the request): the hub's notice-signing key and, when
// the hub uses TLS, its certificate's SHA-256, so importing it pins both and
// nothing has to be typed.
type EnrolReply struct {
	Format       int       `json:"format"`
	Kind         string    `json:"kind"` // EnrolReplyKind
	TownshipCode string    `json:"township_code"`
	TownshipName string    `json:"township_name"`
	HubURL       string    `json:"hub_url,omitempty"`
	CertPin      string    `json:"cert_sha256,omitempty"`
	CountyKey    []byte    `json:"county_key"` // Ed25519, base64 in JSON
	Created      time.Time `json:"created"`
}

// EnrolReplyKind marks an enrolment reply file.
const EnrolReplyKind = "deputyhub-enrol-reply"

// ParseEnrolReply reads and checks a reply file for township code.
func ParseEnrolReply(data []byte, code string) (EnrolReply, error) {
	var r EnrolReply
	if len(data) > 64<<10 {
		return r, replyErr("登记回执文件过大，不是县级平台的登记回执")
	}
	if err := json.Unmarshal(data, &r); err != nil || r.Kind != EnrolReplyKind {
		return r, replyErr("不是县级平台的登记回执文件")
	}
	switch {
	case r.Format != Format:
		return r, replyErr("登记回执文件格式版本 %d 不受支持", r.Format)
	case r.TownshipCode != code:
		return r, replyErr("这份登记回执是给乡镇代码 %s 的，本乡镇代码是 %s", r.TownshipCode, code)
	case len(r.CountyKey) != ed25519.PublicKeySize:
		return r, replyErr("登记回执文件中的县级平台公钥无效")
	}
	return r, nil
}

func replyErr(format string, a ...any) error {
	return &RefusedError{Code: "enrol-reply", Reason: fmt.Sprintf(format, a...)}
}
