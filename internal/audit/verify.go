package audit

import (
	"context"
	"fmt"

	"entgo.io/ent/privacy"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/auditentry"
	"github.com/wushehub/wushe/internal/fault"
)

// Verification is the result of checking the chain.
type Verification struct {
	OK       bool
	Checked  int64
	BrokenAt int64           // seq of the first broken link (0 when OK)
	Entry    *ent.AuditEntry // the entry there
	Reason   fault.Text
}

// Verify walks the chain from the first entry and returns the first broken
// link: a break in the numbering (the entries are numbered from 1, each
// number once, without gaps), an entry whose prev_hash is not its
// predecessor's hash, or one whose hash does not match its content.
func Verify(ctx context.Context, client *ent.Client) (Verification, error) {
	ctx = privacy.DecisionContext(ctx, privacy.Allow)
	var (
		res     = Verification{OK: true}
		prevSeq int64
		prevID  int
		prev    string
	)
	const page = 2000
	for {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		// Pages follow (seq, id), so that an entry repeating the last
		// number of a page is on the next one.
		batch, err := client.AuditEntry.Query().
			Where(auditentry.Or(auditentry.SeqGT(prevSeq), auditentry.And(auditentry.Seq(prevSeq), auditentry.IDGT(prevID)))).
			Order(ent.Asc(auditentry.FieldSeq), ent.Asc(auditentry.FieldID)).Limit(page).All(ctx)
		if err != nil {
			return res, fmt.Errorf("audit verify: %w", err)
		}
		for _, e := range batch {
			res.Checked++
			broken := func(t fault.Text) (Verification, error) {
				res.OK, res.BrokenAt, res.Entry, res.Reason = false, e.Seq, e, t
				return res, nil
			}
			switch {
			case e.Seq <= prevSeq:
				return broken(fault.T("entry %d appears more than once (ids %d and %d)", "第%d条记录重复出现（标识%d与%d）", e.Seq, prevID, e.ID))
			case e.Seq != prevSeq+1:
				return broken(missing(prevSeq, e.Seq))
			case e.PrevHash != prev:
				return broken(fault.T("entry %d does not follow entry %d (its previous hash differs)", "第%d条记录的前序摘要与第%d条不符", e.Seq, prevSeq))
			}
			if got := Hash(e.Seq, entryOf(e), e.PrevHash); got != e.Hash {
				return broken(fault.T("entry %d was altered: its content no longer matches its hash", "第%d条记录已被篡改：内容与摘要不符", e.Seq))
			}
			prevSeq, prevID, prev = e.Seq, e.ID, e.Hash
		}
		if len(batch) < page {
			return res, nil
		}
	}
}

// missing says which entries are missing between entry prev (0: none, the
// start of the log) and entry next.
func missing(prev, next int64) fault.Text {
	var what fault.Text
	if next-prev == 2 {
		what = fault.T("entry %d is missing", "第%d条记录缺失", prev+1)
	} else {
		what = fault.T("entries %d to %d are missing", "第%d至%d条记录缺失", prev+1, next-1)
	}
	var where fault.Text
	if prev == 0 {
		where = fault.T("the log begins at entry %d", "日志从第%d条开始", next)
	} else {
		where = fault.T("entry %d is followed by entry %d", "第%d条之后是第%d条", prev, next)
	}
	return fault.Text{En: what.En + ": " + where.En, Zh: what.Zh + "：" + where.Zh}
}

func entryOf(e *ent.AuditEntry) Entry {
	return Entry{
		At: e.At, Subject: e.Subject, Agency: e.Agency, Role: e.Role, Purpose: e.Purpose,
		Operation: e.Operation, DocumentHash: e.DocumentHash, Action: e.Action,
		Entity: e.Entity, EntityID: e.EntityID, Fields: e.Fields,
	}
}
