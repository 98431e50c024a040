package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/wushehub/wushe/graph/model"
	"github.com/wushehub/wushe/internal/importer"
)

func (r *importJobResolver) Rows(ctx context.Context, obj *importer.JobState, refusedOnly *bool, first *int, after *int) ([]*importer.Row, error) {
	return jobRows(obj, refusedOnly, first, after), nil
}

func (r *importJobResolver) ReportURL(ctx context.Context, obj *importer.JobState) (*string, error) {
	return reportURL(obj), nil
}

func (r *importJobResolver) Error(ctx context.Context, obj *importer.JobState) (*string, error) {
	message, _ := jobError(ctx, obj)
	return message, nil
}

func (r *importJobResolver) ErrorCode(ctx context.Context, obj *importer.JobState) (*string, error) {
	_, code := jobError(ctx, obj)
	return code, nil
}

func (r *importRowResolver) Cells(ctx context.Context, obj *importer.Row) ([]*model.ImportCell, error) {
	return rowCells(ctx, obj), nil
}

func (r *mutationResolver) ImportRows(ctx context.Context, file graphql.Upload, entity string, dryRun *bool, partial *bool, createOnly *bool) (*importer.JobState, error) {
	return r.submitImport(ctx, file, entity, dryRun, partial, createOnly)
}

func (r *queryResolver) ImportJob(ctx context.Context, id int) (*importer.JobState, error) {
	return r.imports.Get(ctx, id)
}

func (r *queryResolver) SpreadsheetTemplates(ctx context.Context) ([]*model.SpreadsheetTemplate, error) {
	return templates(), nil
}

func (r *subscriptionResolver) ImportJobProgress(ctx context.Context, id int) (<-chan *importer.JobState, error) {
	return r.followJob(ctx, id)
}

func (r *Resolver) ImportJob() ImportJobResolver { return &importJobResolver{r} }

func (r *Resolver) ImportRow() ImportRowResolver { return &importRowResolver{r} }

type (
	importJobResolver struct{ *Resolver }
	importRowResolver struct{ *Resolver }
)
