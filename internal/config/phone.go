package config

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/lazyre"
)

// emergencyNumbers are never a transfer target: a parent in an emergency must
// dial them, so that the call handler has the caller's own line (a bot cannot
// pass on a location or call back). With up to three digits of country code
// before them ("+44999", "+1911") they are refused too.
var emergencyNumbers = []string{"999", "112", "911"}

// nanpRE is a North American national number: a 10-digit number whose area
// code and exchange start with 2 to 9 and are not N11 codes (911, 411...).
var nanpRE = lazyre.New(`^[2-9](?:[02-9][0-9]|1[02-9])[2-9](?:[02-9][0-9]|1[02-9])[0-9]{4}$`)

// CheckPhoneTransfer reports why number cannot be the number a phone call is
// transferred to: it must be in E.164 (+, the country code and the whole
// number, no spaces), never an emergency number and never a short code
// (111, 116 123...), which cannot be reached in E.164. UK (+44) numbers have
// 9 or 10 digits after the country code, North American (+1) ones 10.
func CheckPhoneTransfer(number string) error {
	if isEmergencyNumber(number) {
		return fmt.Errorf("%q is an emergency number: a caller must dial it themselves, so a call is never transferred to it", number)
	}
	digits, plus := strings.CutPrefix(number, "+")
	if !plus || digits == "" || strings.Trim(digits, "0123456789") != "" || digits[0] == '0' || len(digits) > 15 {
		return fmt.Errorf("%q is not in E.164 format: + then the country code and the number, no spaces or leading 0 (+443001234567)", number)
	}
	switch {
	case strings.HasPrefix(digits, "44") && (len(digits) < 2+9 || len(digits) > 2+10):
		return fmt.Errorf("%q is a short code or not a whole UK number: after +44 give the 9 or 10 digits of a number that can be dialled from anywhere (111 and 116 123 cannot)", number)
	case strings.HasPrefix(digits, "1") && !nanpRE().MatchString(digits[1:]):
		return fmt.Errorf("%q is a short code or not a whole North American number: after +1 give the 10 digits", number)
	case len(digits) < 8:
		return fmt.Errorf("%q is a short code or not a whole number: give the country code and the whole number", number)
	}
	return nil
}

// isEmergencyNumber reports whether number, spaces and punctuation aside, is
// an emergency number, alone or after a country code.
func isEmergencyNumber(number string) bool {
	var b strings.Builder
	for _, r := range number {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	for _, e := range emergencyNumbers {
		if strings.HasSuffix(d, e) && len(d) <= len(e)+3 {
			return true
		}
	}
	return false
}

// checkPhoneTransfers checks the phone_transfer setting: a number (or "")
// for each nation with built-in signposting.
func (s *Skill) checkPhoneTransfers() []string {
	var probs []string
	nations := make([]string, 0, len(s.PhoneTransfer))
	for n := range s.PhoneTransfer {
		nations = append(nations, n)
	}
	sort.Strings(nations)
	for _, n := range nations {
		switch number := s.PhoneTransfer[n]; {
		case !slices.Contains(content.Nations, n):
			probs = append(probs, fmt.Sprintf("phone_transfer: unknown nation %q (want one of %s)", n, strings.Join(content.Nations, ", ")))
		case number == "":
		default:
			if err := CheckPhoneTransfer(number); err != nil {
				probs = append(probs, "phone_transfer."+n+": "+err.Error())
			}
		}
	}
	return probs
}

// PhoneTransferFor returns the number a phone call with urgent (111-level)
// help is transferred to in nation (the configured one when ""), or "" for
// none: the answer is then spoken and the caller told to call.
func (s *Skill) PhoneTransferFor(nation string) string {
	if nation == "" {
		nation = s.Nation
	}
	if nation == "" {
		nation = content.Nations[0]
	}
	return s.PhoneTransfer[nation]
}
