// Package enum holds enumerations shared by several ent schemas, so that one
// GraphQL enum serves every field that uses it.
package enum

import (
	"fmt"
	"io"
	"strconv"
)

// ServiceCategory is a kind of community service: what activities deliver,
// what communities need and what student groups can offer.
type ServiceCategory string

// The service categories (服务类别).
const (
	ElderlyDisabled ServiceCategory = "ELDERLY_DISABLED" // 敬老助残
	Medical         ServiceCategory = "MEDICAL"          // 医疗服务
	Safety          ServiceCategory = "SAFETY"           // 平安建设
	CultureScience  ServiceCategory = "CULTURE_SCIENCE"  // 文化科普
	Children        ServiceCategory = "CHILDREN"         // 一小：儿童关爱
	Elderly         ServiceCategory = "ELDERLY"          // 一老：养老服务
	Education       ServiceCategory = "EDUCATION"        // 助学辅导
	Psychology      ServiceCategory = "PSYCHOLOGY"       // 心理健康
	Legal           ServiceCategory = "LEGAL"            // 法律服务
	Environment     ServiceCategory = "ENVIRONMENT"      // 环境治理
	Employment      ServiceCategory = "EMPLOYMENT"       // 就业创业
	Governance      ServiceCategory = "GOVERNANCE"       // 协商议事
	Other           ServiceCategory = "OTHER"            // 其他
)

// ServiceCategories lists every category in display order.
var ServiceCategories = []ServiceCategory{
	ElderlyDisabled, Medical, Safety, CultureScience, Children, Elderly,
	Education, Psychology, Legal, Environment, Employment, Governance, Other,
}

// ServiceCategoryNames gives the Chinese name of each category.
var ServiceCategoryNames = map[ServiceCategory]string{
	ElderlyDisabled: "敬老助残",
	Medical:         "医疗服务",
	Safety:          "平安建设",
	CultureScience:  "文化科普",
	Children:        "一小（儿童关爱）",
	Elderly:         "一老（养老服务）",
	Education:       "助学辅导",
	Psychology:      "心理健康",
	Legal:           "法律服务",
	Environment:     "环境治理",
	Employment:      "就业创业",
	Governance:      "协商议事",
	Other:           "其他",
}

// Values lists the category values, for ent's enum support.
func (ServiceCategory) Values() []string {
	vs := make([]string, len(ServiceCategories))
	for i, c := range ServiceCategories {
		vs[i] = string(c)
	}
	return vs
}

// Valid reports whether c is a known category.
func (c ServiceCategory) Valid() bool {
	_, ok := ServiceCategoryNames[c]
	return ok
}

// MarshalGQL writes c as a GraphQL enum value.
func (c ServiceCategory) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, strconv.Quote(string(c)))
}

// UnmarshalGQL reads c from a GraphQL enum value.
func (c *ServiceCategory) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("service category must be a string, got %T", v)
	}
	if !ServiceCategory(s).Valid() {
		return fmt.Errorf("%q is not a service category", s)
	}
	*c = ServiceCategory(s)
	return nil
}

// Labels annotates an enum field with the Chinese name of each value; the
// GraphQL schema generator turns them into enum value descriptions.
type Labels map[string]string

// Name implements schema.Annotation.
func (Labels) Name() string { return "EnumLabels" }

// Vocab is an ordered list of enum values with their Chinese names.
type Vocab [][2]string

// V builds a Vocab from value, name pairs.
func V(pairs ...string) Vocab {
	if len(pairs)%2 != 0 {
		panic("enum.V: odd number of arguments")
	}
	v := make(Vocab, 0, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		v = append(v, [2]string{pairs[i], pairs[i+1]})
	}
	return v
}

// Values returns the enum values in order.
func (v Vocab) Values() []string {
	out := make([]string, len(v))
	for i, p := range v {
		out[i] = p[0]
	}
	return out
}

// Labels returns the Chinese names as an annotation.
func (v Vocab) Labels() Labels {
	l := make(Labels, len(v))
	for _, p := range v {
		l[p[0]] = p[1]
	}
	return l
}

// CategoryLabels returns the Chinese names of the service categories.
func CategoryLabels() Labels {
	l := make(Labels, len(ServiceCategoryNames))
	for c, n := range ServiceCategoryNames {
		l[string(c)] = n
	}
	return l
}
