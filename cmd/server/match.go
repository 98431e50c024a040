package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/rivo/uniseg"
	"io"
	"os"
	"strings"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/division"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/matching"
	"github.com/wushehub/wushe/internal/pairing"
	"github.com/wushehub/wushe/internal/scalar"
)

// row is one planned pair as the match command prints it.
type row struct {
	Community     string       `json:"community"`
	CommunityCode string       `json:"communityCode,omitempty"`
	Group         string       `json:"group"`
	GroupID       string       `json:"groupId"`
	University    string       `json:"university,omitempty"`
	Score         float64      `json:"score"`
	DistanceKm    *float64     `json:"distanceKm"`
	NeedsCovered  []string     `json:"needsCovered"`
	Continuing    bool         `json:"continuing"`
	Reasons       []fault.Text `json:"reasons"`
}

type uncoveredRow struct {
	Community string     `json:"community"`
	Got       int        `json:"got"`
	Wanted    int        `json:"wanted"`
	Reason    fault.Text `json:"reason"`
}

type report struct {
	Division    string         `json:"division,omitempty"`
	Assignments []row          `json:"assignments"`
	Uncovered   []uncoveredRow `json:"uncovered"`
	Objective   float64        `json:"objective"`
	Covered     int            `json:"covered"`
	Total       int            `json:"total"`
	Stats       matching.Stats `json:"stats"`
}

func match(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("match", stderr)
	code := fs.String("division", "", "12-digit code of the district or street to plan (reads the database)")
	input := fs.String("input", "", "solve the instance in FILE.json instead of the database (what-if planning)")
	asJSON := fs.Bool("json", false, "print JSON instead of a table")
	database := fs.String("database", "", "database URL or SQLite file")
	lang := fs.String("lang", defaultLang(cfg.getenv), "language of reasons in the table: zh or en")
	maxKm := fs.Float64("max-distance", 0, "never plan pairs farther apart than this many km (0: no limit)")
	candidates := fs.Int("candidates", 0, "consider only the K nearest groups per community (0: all)")
	if help, err := parse(fs, args); help || err != nil {
		return err
	}
	if (*code == "") == (*input == "") {
		return errors.New("match: give exactly one of --division CODE or --input FILE.json")
	}
	l := fault.English
	if strings.HasPrefix(*lang, "zh") {
		l = fault.Chinese
	}
	var rep report
	if *input != "" {
		r, err := matchFile(ctx, *input)
		if err != nil {
			return err
		}
		rep = r
	} else {
		db, err := openExistingDB(ctx, cfg, cfg.dsn(*database))
		if err != nil {
			return err
		}
		defer db.Close()
		params := matching.DefaultParams()
		params.MaxDistanceKm, params.Candidates = *maxKm, *candidates
		r, err := matchDivision(authz.SystemContext(ctx), db.Client, *code, params)
		if err != nil {
			return err
		}
		rep = r
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(rep)
	}
	return printReport(stdout, rep, l)
}

func defaultLang(getenv func(string) string) string {
	if strings.HasPrefix(getenv("LANG"), "zh") {
		return "zh"
	}
	return "en"
}

// matchFile solves an instance file.
func matchFile(ctx context.Context, path string) (report, error) {
	f, err := os.Open(path)
	if err != nil {
		return report{}, fmt.Errorf("match: %w", err)
	}
	defer f.Close()
	inst, err := matching.Decode(io.LimitReader(f, 256<<20))
	if err != nil {
		return report{}, fmt.Errorf("match: %s: %s", path, describe(err))
	}
	if inst.Labels == nil {
		inst.Labels = ent.EnumLabels["Need"]["category"]
	}
	plan, err := matching.Solve(ctx, inst)
	if err != nil {
		return report{}, fmt.Errorf("match: %s", describe(err))
	}
	names := map[string]string{}
	for _, c := range inst.Communities {
		names["c"+c.ID] = orID(c.Name, c.ID)
	}
	for _, g := range inst.Groups {
		names["g"+g.ID] = orID(g.Name, g.ID)
	}
	rep := report{Objective: plan.Objective, Covered: plan.Covered, Total: len(inst.Communities), Stats: plan.Stats}
	for _, a := range plan.Assignments {
		rep.Assignments = append(rep.Assignments, row{
			Community: names["c"+a.CommunityID], CommunityCode: a.CommunityID,
			Group: names["g"+a.GroupID], GroupID: a.GroupID,
			Score: a.Score, DistanceKm: distance(a.DistanceKm), NeedsCovered: a.NeedsCovered,
			Continuing: a.Continuing, Reasons: a.Reasons,
		})
	}
	for _, u := range plan.Uncovered {
		rep.Uncovered = append(rep.Uncovered, uncoveredRow{Community: names["c"+u.CommunityID], Got: u.Got, Wanted: u.Wanted, Reason: u.Reason})
	}
	return rep, nil
}

// matchDivision plans the communities of the division with code.
func matchDivision(ctx context.Context, client *ent.Client, code string, params matching.Params) (report, error) {
	d, err := client.Division.Query().Where(division.Code(code)).Only(ctx)
	if ent.IsNotFound(err) {
		return report{}, fmt.Errorf("match: no division with code %s", code)
	}
	if err != nil {
		return report{}, fmt.Errorf("match: %w", err)
	}
	plan, err := pairing.New(client).Plan(ctx, pairing.PlanInput{Division: d.ID, Params: params})
	if err != nil {
		return report{}, fmt.Errorf("match: %s", describe(err))
	}
	rep := report{Division: d.Name + " (" + d.Code + ")", Objective: plan.Objective, Covered: plan.Covered, Total: plan.Total, Stats: plan.Stats}
	as := plan.Assignments()
	pairing.SortAssignments(as)
	for _, a := range as {
		r := row{
			Community: a.Community.Name, CommunityCode: a.Community.Code,
			Group: a.Group.Name, GroupID: scalar.EncodeID(a.Group.ID),
			Score: a.Score, DistanceKm: distance(a.DistanceKm), NeedsCovered: a.NeedsCovered,
			Continuing: a.Continuing, Reasons: a.Reasons,
		}
		if u := a.Group.Edges.University; u != nil {
			r.University = u.Name
		}
		rep.Assignments = append(rep.Assignments, r)
	}
	for _, u := range plan.UncoveredCommunities() {
		rep.Uncovered = append(rep.Uncovered, uncoveredRow{Community: u.Community.Name, Got: u.Got, Wanted: u.Wanted, Reason: u.Reason})
	}
	return rep, nil
}

func printReport(w io.Writer, rep report, lang fault.Lang) error {
	zh := lang == fault.Chinese
	if rep.Division != "" {
		if zh {
			fmt.Fprintf(w, "%s 结对方案\n\n", rep.Division)
		} else {
			fmt.Fprintf(w, "Pairing plan for %s\n\n", rep.Division)
		}
	}
	rows := [][]string{{"COMMUNITY", "GROUP", "SCORE", "KM", "REASONS"}}
	if zh {
		rows[0] = []string{"社区", "团支部/社团", "得分", "公里", "理由"}
	}
	for _, a := range rep.Assignments {
		group := a.Group
		if a.University != "" {
			group += " · " + a.University
		}
		km := "?"
		if a.DistanceKm != nil {
			km = fmt.Sprintf("%.1f", *a.DistanceKm)
		}
		var reasons []string
		for _, r := range a.Reasons {
			reasons = append(reasons, r.In(lang))
		}
		sep := "; "
		if zh {
			sep = "；"
		}
		rows = append(rows, []string{a.Community, group, fmt.Sprintf("%.3f", a.Score), km, strings.Join(reasons, sep)})
	}
	if err := printTable(w, rows); err != nil {
		return err
	}
	if zh {
		fmt.Fprintf(w, "\n覆盖 %d 个社区中的 %d 个，共 %d 对结对；目标值 %.3f；候选 %d 对，迭代 %d 次，用时 %s。\n",
			rep.Total, rep.Covered, len(rep.Assignments), rep.Objective, rep.Stats.CandidatePairs, rep.Stats.Iterations, rep.Stats.Elapsed)
	} else {
		fmt.Fprintf(w, "\nCovered %d of %d communities with %d pairs; objective %.3f; %d candidate pairs, %d pivots, solved in %s.\n",
			rep.Covered, rep.Total, len(rep.Assignments), rep.Objective, rep.Stats.CandidatePairs, rep.Stats.Iterations, rep.Stats.Elapsed)
	}
	if len(rep.Uncovered) > 0 {
		if zh {
			fmt.Fprintln(w, "\n未覆盖：")
		} else {
			fmt.Fprintln(w, "\nUncovered:")
		}
		for _, u := range rep.Uncovered {
			if zh {
				fmt.Fprintf(w, "  %s：%d/%d — %s\n", u.Community, u.Got, u.Wanted, u.Reason.In(lang))
			} else {
				fmt.Fprintf(w, "  %s: %d of %d — %s\n", u.Community, u.Got, u.Wanted, u.Reason.In(lang))
			}
		}
	}
	return nil
}

// printTable writes rows as columns padded to their width on a terminal,
// where a Chinese character takes two cells (tabwriter counts it as one).
// The last column is not padded.
func printTable(w io.Writer, rows [][]string) error {
	var widths []int
	for _, r := range rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], uniseg.StringWidth(c))
		}
	}
	var b strings.Builder
	for _, r := range rows {
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-uniseg.StringWidth(c)+2))
			}
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func distance(km float64) *float64 {
	if km < 0 {
		return nil
	}
	return &km
}

func orID(name, id string) string {
	if name == "" {
		return id
	}
	return name
}

// describe renders a client-visible error with its field for the terminal.
func describe(err error) string {
	if fe, ok := fault.As(err); ok {
		return fe.Message(fault.English) + " [" + string(fe.Code) + "]"
	}
	return err.Error()
}
