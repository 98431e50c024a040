package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/importer"
	"github.com/wushehub/wushe/internal/scalar"
)

// template serves /templates/<entity>.xlsx: an entity's spreadsheet
// template. It is the same for every viewer.
func template() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name, ok := strings.CutSuffix(chi.URLParam(r, "file"), ".xlsx")
		spec, err := importer.Lookup(name)
		if !ok || err != nil {
			sheetError(w, r, http.StatusNotFound, fault.Missing("entity", fault.T("no template named %q; templates: %s", "没有名为“%s”的模板；可用模板：%s", name, strings.Join(importer.Slugs(), ", "))))
			return
		}
		var buf bytes.Buffer
		if err := importer.Template(&buf, spec); err != nil {
			sheetError(w, r, http.StatusInternalServerError, err)
			return
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="`+spec.Slug+`.xlsx"`)
		_, _ = w.Write(buf.Bytes())
	}
}

// exportSheet serves /export/<entity>.xlsx and /export/<entity>.csv: what
// the request's viewer may read of an entity, in the template's layout.
// Query parameters: codePrefix, and where (the entity's where input as
// JSON).
func exportSheet(cfg Config) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		file := chi.URLParam(r, "file")
		i := strings.LastIndexByte(file, '.')
		if i < 0 {
			sheetError(w, r, http.StatusNotFound, fault.Missing("entity", fault.T("ask for /export/<entity>.xlsx or .csv", "请求/export/<实体>.xlsx或.csv")))
			return
		}
		spec, err := importer.Lookup(file[:i])
		format, ferr := importer.ParseFormat(file[i+1:])
		if err != nil || ferr != nil {
			sheetError(w, r, http.StatusNotFound, fault.Missing("entity", fault.T("no export %q; entities: %s (as .xlsx or .csv)", "没有“%s”导出；可用：%s（.xlsx或.csv）", file, strings.Join(importer.Slugs(), ", "))))
			return
		}
		opt := importer.ExportOptions{Format: format, CodePrefix: r.URL.Query().Get("codePrefix")}
		if wh := r.URL.Query().Get("where"); wh != "" {
			opt.Where = json.RawMessage(wh)
		}
		ex := &importer.Exporter{Client: cfg.DB.Client, Dialect: cfg.DB.Dialect}
		// The sheet is built first, so that a refusal is an error response
		// and not half a file.
		var buf bytes.Buffer
		if _, err := ex.Export(r.Context(), spec, &buf, opt); err != nil {
			status := http.StatusInternalServerError
			switch fault.CodeOf(err) {
			case fault.BadUserInput:
				status = http.StatusBadRequest
			case fault.Forbidden:
				status = http.StatusForbidden
			}
			if errors.Is(err, importer.ErrSystemViewer) {
				status = http.StatusForbidden
			}
			if status == http.StatusInternalServerError {
				cfg.Log.ErrorContext(r.Context(), "export", "entity", spec.Slug, "err", err)
			}
			sheetError(w, r, status, err)
			return
		}
		ct := "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		if format == importer.CSV {
			ct = "text/csv; charset=utf-8"
		}
		w.Header().Set("Content-Type", ct)
		w.Header().Set("Content-Disposition", `attachment; filename="`+spec.Slug+"."+string(format)+`"`)
		_, _ = w.Write(buf.Bytes())
	}
}

// sheetError answers a template or export request that failed, with the
// error classes and languages of the GraphQL API.
func sheetError(w http.ResponseWriter, r *http.Request, status int, err error) {
	lang := fault.LangFrom(r.Context())
	fe, ok := fault.As(err)
	if !ok || fe.Code == fault.Internal {
		fe = &fault.Error{Code: fault.Internal, Text: fault.T("internal error", "内部错误")}
	}
	writeJSON(w, status, map[string]any{"errors": []map[string]any{{
		"message":    fe.Message(lang),
		"extensions": map[string]any{"code": string(fe.Code)},
	}}})
}

// importReport serves /imports/<job ID>/report.xlsx: the annotated copy of
// the file of a finished import job, to the viewer who submitted it (the
// credentials of /graphql); 404 for anyone else, as for a job that is gone.
func importReport(cfg Config, fail func(http.ResponseWriter, *http.Request, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := scalar.DecodeID(chi.URLParam(r, "id"))
		if err != nil || !scalar.IsImportJob(id) {
			fail(w, r, fault.Missing("id", fault.T("no import job with this ID", "没有该导入任务")))
			return
		}
		var buf bytes.Buffer
		if err := cfg.Imports.WriteReport(r.Context(), id, &buf); err != nil {
			fail(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="report.xlsx"`)
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(buf.Bytes())
	}
}
