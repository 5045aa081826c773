package bundle

import (
	"context"
	"errors"
)

// Report is what a report producer hands over for a bundle: the files (xlsx,
// pdf) and the 汇总 figures.
type Report struct {
	Files   []File
	Figures Figures
}

// Provider produces the report of one kind for one period. The ledger, the
// roster report, the register export and the assessment each plug in one.
type Provider interface {
	Report(ctx context.Context, kind Kind, period string) (Report, error)
}

// ProviderFunc adapts a function to Provider.
type ProviderFunc func(ctx context.Context, kind Kind, period string) (Report, error)

// Report calls f.
func (f ProviderFunc) Report(ctx context.Context, kind Kind, period string) (Report, error) {
	return f(ctx, kind, period)
}

// ErrNoProvider means no producer for the kind is built into this program.
var ErrNoProvider = errors.New("bundle: no report provider for this kind")

// Providers routes each kind to its producer.
type Providers map[Kind]Provider

// Report asks the provider registered for kind.
func (p Providers) Report(ctx context.Context, kind Kind, period string) (Report, error) {
	if pr, ok := p[kind]; ok && pr != nil {
		return pr.Report(ctx, kind, period)
	}
	return Report{}, ErrNoProvider
}
