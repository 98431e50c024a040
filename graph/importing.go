package graph

import (
	"context"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/graph/model"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/importer"
	"github.com/wushehub/wushe/internal/scalar"
)

// This file holds what the import resolvers share. importRows hands the
// upload to the background imports (importer.Jobs), which run it as the
// viewer; importJob, node(id:) and importJobProgress show a job to the
// viewer who submitted it, and to no one else. The mutation needs no
// transaction of its own (transaction.go leaves it out): on SQLite the
// import holds the write lock while it runs, and a second upload must be
// queued, not wait for it.

// progressInterval is the least time between two states of a job sent to
// a subscriber.
const progressInterval = 250 * time.Millisecond

// outsideTransaction lists the mutations that run without the request
// transaction: they write nothing in it.
var outsideTransaction = map[string]bool{"importRows": true}

// submitImport queues the import of an uploaded file.
func (r *Resolver) submitImport(ctx context.Context, file graphql.Upload, entity string, dryRun, partial, createOnly *bool) (*importer.JobState, error) {
	spec, err := importer.Lookup(entity)
	if err != nil {
		return nil, fault.BadInput("entity", fault.T("no template named %q; templates: %s", "没有名为“%s”的模板；可用模板：%s", entity, strings.Join(importer.Slugs(), ", ")))
	}
	if file.File == nil {
		return nil, fault.BadInput("file", fault.T("send the file as a part of a multipart request", "请以multipart请求的一部分发送文件"))
	}
	return r.imports.Submit(ctx, spec, file.Filename, file.File, importer.Options{
		DryRun: isTrue(dryRun), Partial: isTrue(partial), CreateOnly: isTrue(createOnly),
	})
}

func isTrue(b *bool) bool { return b != nil && *b }

// jobRows returns a page of a finished job's rows.
func jobRows(s *importer.JobState, refusedOnly *bool, first, after *int) []*importer.Row {
	out := []*importer.Row{}
	if s.Report == nil {
		return out
	}
	n := 100 // the schema's default
	if first != nil {
		n = *first
	}
	from := 0
	if after != nil {
		from = *after
	}
	s.Report.Each(func(row importer.Row) bool {
		if len(out) >= n {
			return false
		}
		if row.Row > from && (!isTrue(refusedOnly) || row.Outcome == importer.Refused) {
			out = append(out, &row)
		}
		return true
	})
	return out
}

// rowCells lists a row's problems in the request's language.
func rowCells(ctx context.Context, row *importer.Row) []*model.ImportCell {
	lang := fault.LangFrom(ctx)
	out := make([]*model.ImportCell, 0, len(row.Problems))
	for _, p := range row.Problems {
		c := &model.ImportCell{Code: string(p.Code), Message: p.Text.In(lang)}
		if p.Letter != "" {
			letter, header := p.Letter, p.Column
			c.Column, c.Header = &letter, &header
		}
		out = append(out, c)
	}
	return out
}

// ReportPath is where the annotated copy of a finished job's file is
// downloaded (internal/server serves it).
func ReportPath(id int) string { return "/imports/" + scalar.EncodeID(id) + "/report.xlsx" }

// reportURL is the job's report path once it is done.
func reportURL(s *importer.JobState) *string {
	if s.Status != importer.Done {
		return nil
	}
	p := ReportPath(s.ID)
	return &p
}

// jobError is why a job failed, in the request's language, and its class.
func jobError(ctx context.Context, s *importer.JobState) (message, code *string) {
	if s.Failure == nil {
		return nil, nil
	}
	m, c := s.Failure.Message(fault.LangFrom(ctx)), string(s.Failure.Code)
	return &m, &c
}

// templates lists the entities with a spreadsheet template.
func templates() []*model.SpreadsheetTemplate {
	var out []*model.SpreadsheetTemplate
	for _, s := range importer.Specs() {
		out = append(out, &model.SpreadsheetTemplate{Entity: s.Slug, Name: s.Zh,
			TemplateURL: "/templates/" + s.Slug + ".xlsx", ExportURL: "/export/" + s.Slug + ".xlsx"})
	}
	return out
}

// followJob streams a job of the viewer's as it advances, checking the
// connection's credentials again before each state.
func (r *Resolver) followJob(ctx context.Context, id int) (<-chan *importer.JobState, error) {
	st := streamOf(ctx)
	if st == nil {
		return nil, errNoStreams
	}
	in, err := r.imports.Watch(ctx, id, progressInterval)
	if err != nil {
		return nil, err
	}
	out := make(chan delivery[*importer.JobState])
	go func() {
		defer close(out)
		for s := range in {
			if err := checkCredentials(authz.WithRequest(ctx, r.client)); err != nil {
				endWith(ctx, err)
				return
			}
			select {
			case out <- delivery[*importer.JobState]{row: s}:
			case <-ctx.Done():
				return
			}
		}
	}()
	return attach(st, out), nil
}

// node resolves a global ID: an import job of the viewer's, or a record.
func (r *Resolver) node(ctx context.Context, id int) (ent.Noder, error) {
	if scalar.IsImportJob(id) {
		s, err := r.imports.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		return s, nil
	}
	return r.client.Noder(ctx, id)
}

// nodes resolves global IDs, import jobs among them.
func (r *Resolver) nodes(ctx context.Context, ids []int) ([]ent.Noder, error) {
	var records []int
	for _, id := range ids {
		if !scalar.IsImportJob(id) {
			records = append(records, id)
		}
	}
	if len(records) == len(ids) {
		return r.client.Noders(ctx, ids)
	}
	found, err := r.client.Noders(ctx, records)
	if err != nil && len(found) != len(records) {
		return nil, err
	}
	out := make([]ent.Noder, len(ids))
	k := 0
	for i, id := range ids {
		if scalar.IsImportJob(id) {
			if s, jerr := r.imports.Get(ctx, id); jerr == nil {
				out[i] = s
			} else {
				graphql.AddError(ctx, jerr)
			}
			continue
		}
		out[i] = found[k]
		k++
	}
	return out, err
}
