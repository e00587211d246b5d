package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCheckPhoneTransfer: a transfer number is a whole E.164 number, never an
// emergency number, a short code or a number written for dialling at home.
func TestCheckPhoneTransfer(t *testing.T) {
	tests := []struct {
		number string
		want   string // "" for accepted
	}{
		{"+443001234567", ""},
		{"+441614960000", ""},
		{"+44169773000", ""}, // a 9-digit UK number
		{"+12025550123", ""},
		{"+35318500000", ""},
		{"999", "emergency number"},
		{"+44999", "emergency number"},
		{"+44 999", "emergency number"},
		{"112", "emergency number"},
		{"+112", "emergency number"},
		{"+353112", "emergency number"},
		{"911", "emergency number"},
		{"+1911", "emergency number"},
		{"+44111", "short code"},
		{"+44116123", "short code"},
		{"+4411612", "short code"},
		{"+4430012345678", "short code"},
		{"+19115550123", "North American"},
		{"+1202555012", "North American"},
		{"+3531850", "short code"},
		{"111", "E.164"},
		{"03001234567", "E.164"},
		{"+44 300 123 4567", "E.164"},
		{"+4403001234567", "short code"},
		{"+0443001234567", "E.164"},
		{"+", "E.164"},
		{"+1234567890123456", "E.164"},
		{"tel:+443001234567", "E.164"},
	}
	for _, tc := range tests {
		t.Run(tc.number, func(t *testing.T) {
			err := CheckPhoneTransfer(tc.number)
			if tc.want == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// TestPhoneTransferSetting: phone_transfer is read per nation, in one place,
// and skill.yaml is refused when a nation is unknown or a number is not one a
// call may be transferred to.
func TestPhoneTransferSetting(t *testing.T) {
	base := func(transfer map[string]string) Skill {
		return Skill{Name: "Milk Matters", Invocation: "milk matters", Locales: []string{"en-GB"}, Nation: "scotland",
			Disclaimer: "Not medical advice.", PrivacyPolicyURL: "https://example.org/p", PhoneTransfer: transfer}
	}
	tests := []struct {
		name     string
		transfer map[string]string
		nation   string
		want     string // PhoneTransferFor(nation)
		err      string
	}{
		{"none", nil, "", "", ""},
		{"empty for every nation", map[string]string{"england": "", "scotland": ""}, "", "", ""},
		{"the configured nation's", map[string]string{"scotland": "+441414960000", "england": "+443001234567"}, "", "+441414960000", ""},
		{"another nation's (SKILL_NATION)", map[string]string{"scotland": "+441414960000", "england": "+443001234567"}, "england", "+443001234567", ""},
		{"a nation without one", map[string]string{"england": "+443001234567"}, "wales", "", ""},
		{"999", map[string]string{"scotland": "999"}, "", "", "phone_transfer.scotland: \"999\" is an emergency number"},
		{"111", map[string]string{"wales": "+44111"}, "", "", "phone_transfer.wales: \"+44111\" is a short code"},
		{"unknown nation", map[string]string{"cornwall": "+443001234567"}, "", "", `phone_transfer: unknown nation "cornwall"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := base(tc.transfer)
			err := s.Validate()
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, s.PhoneTransferFor(tc.nation))
		})
	}
	s, err := Embedded()
	require.NoError(t, err)
	assert.Equal(t, "", s.PhoneTransferFor(""), "the shipped skill.yaml transfers no call")
}
