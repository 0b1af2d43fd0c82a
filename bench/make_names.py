"""Generate N noisy marketplace titles (deterministic) for the benchmark, in three mixes.

`market` (default) is a food marketplace's listing stream, drawn by category — what moderation screens all day:
ordinary groceries and meat make up most of it; soy products, milk powders and meat analogues (the titles with a
class cue, which run the classifier and the name rules) about one title in six. Meat analogues are far rarer on a
real marketplace (China's alternative-meat sales, about US$0.9 bn in 2018, are well under 1 % of its meat market),
so the shares below overstate them on purpose. A twentieth are the corpus's own real-style titles verbatim
(corpus/**/titles.tsv, class_titles.tsv, titles.toml). Titles are built the way listings are: a brand, a
flavour, the food, selling points and a pack size, with 【】 tags, emoji and the odd zero-width character.

`heavy` is the mix the benchmark used before issue 17's work (kept so figures stay comparable): nearly half its
titles carry a class cue (a fifth are analogues, a tenth corpus titles). `worst` builds every title around an
analogue cue (植物肉, 素, 乳基蛋白…), so every one is classified and runs its class's name rules.

Vocabulary by category, from the food categories of GB 2760 (dairy, beverages, grains, oils, condiments,
confectionery, bakery, nuts, produce, aquatic, eggs, frozen, instant foods), GB 2712 / GB/T 22106 for soy
products, GB 19644 for milk powders, GB 2726 for meat products, and the brands that list in those categories.
"""
from __future__ import annotations

import csv
import random
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOODS = ["牛肉饼", "汉堡饼", "香肠", "鸡块", "牛排", "猪肉馅", "肉丸", "培根", "火腿", "肉松", "鸡米花", "午餐肉", "叉烧", "腊肠", "肉末",
         "烤肠", "牛肉粒", "鸡胸肉", "肉饺", "狮子头"]
ANALOGUE = ["植物肉", "植物基", "大豆植物肉", "乳基蛋白", "素", "植物蛋白", "大豆蛋白", "植物基肉", "素肉", "豌豆蛋白"]
FLAVOURS = ["", "", "黑椒", "香辣", "广式", "奥尔良", "照烧", "孜然", "原味", "藤椒", "麻辣", "蜜汁"]
BRANDS = ["", "", "", "双汇 ", "雨润 ", "正大 ", "圣农 ", "春雪 ", "必品阁 ", "湾仔码头 ", "思念 ", "清美 ", "祖名 ", "伊利 ",
          "飞鹤 ", "良品铺子 ", "三只松鼠 ", "别样肉客 ", "星期零 ", "齐善 "]
OTHER = ["内酯豆腐 400g", "五香素鸡 250g", "孕妇奶粉 900g 罐装", "燕麦奶粉 500g", "豆奶粉 速溶", "核桃奶粉", "手撕素肉 辣条 零食",
         "原切牛排 10片装", "王中王火腿肠 30g*10支", "老豆腐 500g", "千张 豆皮 250g", "腐竹 干货 500g", "全脂奶粉 1kg",
         "纯牛奶 250ml*24盒", "酸奶 100g*8杯", "鸡蛋 30枚", "速冻水饺 猪肉白菜 1kg", "牛肉干 风干 250g", "卤鸭脖 300g",
         "辣条 大刀肉 106g", "豆干 五香 200g", "冷冻虾仁 500g", "东北大米 10kg", "挂面 1kg", "花生油 5L"]
SELLING = ["", "", " 健身轻食", " 早餐 家用", " 买2送1", " 整箱批发", " 儿童", " 高蛋白", " 低脂", " 新鲜", " 正品"]
NOISE_PRE = ["", "", "", "【包邮】", "【现货】", "🔥爆款 ", "[顺丰冷链]", "新品 ", "官方旗舰店 ", "【拍3件】"]
PACK = ["", " 200g*2", " 500克/袋", " 10斤/箱", " 1kg×3袋", " 300g", " 250g*4包", " 2kg"]

# ---- the market mix: categories, their share of listings, and their words ----------------------------------
MEAT = FOODS + ["牛腩", "五花肉", "鸡翅中", "猪排骨", "肥牛卷", "羊肉卷", "牛肉丸", "鸭脖", "鸡爪", "腊肉", "酱牛肉", "烧鸡",
                "猪蹄", "牛肉干", "鸡腿", "猪肉脯", "香辣鸡翅", "雪花牛肉", "梅花肉", "羊排"]
MEAT_BRANDS = ["双汇", "雨润", "金锣", "正大", "圣农", "春雪", "凤祥", "得利斯", "龙大", "大红门", "科尔沁", "恒都", "周黑鸭"]
GROCERY = {
    "dairy": ["纯牛奶 250ml*24盒", "原味酸奶 100g*8杯", "奶酪棒 儿童", "无盐黄油 200g", "低脂牛奶 1L", "希腊酸奶"],
    "drink": ["天然矿泉水 550ml*24瓶", "100%橙汁 1L", "无糖乌龙茶 500ml*15瓶", "苏打水 整箱", "椰汁 1.25L", "气泡水 白桃味"],
    "grain": ["东北大米 10kg", "高筋面粉 5kg", "龙须挂面 1kg", "即食燕麦片 1kg", "黄小米 2.5kg", "五常大米 稻花香"],
    "oil": ["压榨花生油 5L", "菜籽油 非转基因", "特级初榨橄榄油 750ml", "玉米油 4L", "芝麻香油 220ml"],
    "condiment": ["特级生抽 1.9L", "山西老陈醋 500ml", "蚝油 700g", "牛油火锅底料 500g", "鸡精 200g", "加碘食用盐 400g*5袋"],
    "sweet": ["黑巧克力 纯可可脂", "大白兔奶糖 500g", "水果硬糖 分享装", "蜂蜜 500g 土蜂蜜", "果冻 布丁 混合装"],
    "bakery": ["全麦吐司面包 切片", "苏打饼干 整箱", "黄油曲奇 礼盒", "广式月饼 豆沙", "蛋黄酥 6枚装", "手撕面包"],
    "nut": ["每日坚果 30袋", "盐焗开心果 500g", "五香瓜子 1kg", "碧根果 奶油味", "原味腰果 250g"],
    "produce": ["烟台红富士苹果 5斤", "智利车厘子 2斤", "赣南脐橙 10斤", "海南芒果", "新鲜土豆 5斤", "西兰花 2颗"],
    "aquatic": ["冷冻虾仁 500g", "挪威三文鱼 刺身", "舟山带鱼段 1kg", "鱿鱼须 烧烤", "大闸蟹 礼盒", "鳕鱼块 儿童"],
    "egg": ["土鸡蛋 30枚", "咸鸭蛋 流油", "皮蛋 松花蛋 20枚", "鹌鹑蛋 即食"],
    "frozen": ["猪肉白菜水饺 1kg", "黑芝麻汤圆 500g", "鲜肉馄饨", "手抓饼 20片", "芝士披萨 速冻", "小笼包 早餐"],
    "instant": ["红烧牛肉面 5连包", "自热火锅 麻辣", "螺蛳粉 3袋", "酸辣粉 冲泡", "午餐肉罐头 340g", "黄桃罐头 425g"],
    "snack": ["原味薯片 大包", "辣条 大刀肉 106g", "海苔脆片 儿童", "鸡爪 泡椒 小包装", "山楂条 无添加", "猪肉脯 靖江"],
    "tea_coffee": ["西湖龙井 绿茶 250g", "挂耳咖啡 30包", "冻干咖啡粉", "安化黑茶", "菊花茶"],
}
GROCERY_BRANDS = ["金龙鱼", "福临门", "海天", "李锦记", "康师傅", "统一", "农夫山泉", "旺旺", "良品铺子", "三只松鼠", "百草味",
                  "奥利奥", "乐事", "德芙", "伊利", "蒙牛", "光明", "卫龙", "盒马", "永辉", "思念", "三全", "湾仔码头"]
SOY = ["内酯豆腐 400g", "老豆腐 500g", "千张 豆皮 250g", "腐竹 干货 500g", "五香素鸡 250g", "豆干 五香 200g", "油豆腐",
       "红方腐乳", "冻豆腐 火锅", "香干 卤味", "兰花豆干", "豆浆粉 无糖", "嫩豆花"]
SOY_BRANDS = ["祖名", "清美", "白玉", "维维", "豆本豆", "永和"]
MILK_POWDER = ["婴儿配方奶粉 1段 800g", "较大婴儿配方奶粉 2段", "幼儿配方奶粉 3段 罐装", "中老年高钙奶粉 1kg", "全脂奶粉 1kg",
               "脱脂奶粉 高蛋白", "学生奶粉 400g", "羊奶粉 成人", "孕妇奶粉 900g 罐装", "豆奶粉 速溶", "燕麦奶粉 500g",
               "核桃奶粉", "植物蛋白奶粉"]
MILK_BRANDS = ["飞鹤", "伊利", "蒙牛", "君乐宝", "美赞臣", "雅培", "爱他美", "贝因美", "佳贝艾特", "维维"]
ANALOGUE_BRANDS = ["别样肉客", "星期零", "齐善", "植得期待", "未食达", "双汇", "正大", ""]
MARKET = [(0.05, "corpus"), (0.03, "analogue"), (0.05, "soy"), (0.04, "milk_powder"), (0.25, "meat"), (0.58, "grocery")]


def _corpus_titles() -> list[str]:
    out: list[str] = []
    try:
        data = tomllib.loads((ROOT / "corpus" / "titles.toml").read_text(encoding="utf-8"))
        out += [c["name"] for c in data.get("case", []) if "name" in c]
    except OSError:
        pass
    return out


def _real_titles() -> list[str]:
    """The corpus's real-style titles, verbatim: titles.toml, class_titles.tsv and every held-out titles.tsv."""
    out = _corpus_titles()
    for path in sorted(ROOT.glob("corpus/**/titles.tsv")) + [ROOT / "corpus" / "class_titles.tsv"]:
        if path.exists():
            out += [ln.split("\t")[0] for ln in path.read_text(encoding="utf-8").splitlines()
                    if ln.strip() and not ln.startswith("#")]
    return out


def _dressed(rnd: random.Random, brands: list[str], core: str) -> str:
    brand = rnd.choice(brands + ["", ""])
    title = rnd.choice(NOISE_PRE) + (brand + rnd.choice(["", " "]) if brand else "") + core \
        + rnd.choice(SELLING) + rnd.choice(PACK)
    if rnd.random() < 0.05:
        title = title.replace("肉", "肉\u200b", 1)
    return title.strip()


def _market(rnd: random.Random, corpus: list[str]) -> str:
    r, kind = rnd.random(), "grocery"
    for share, k in MARKET:
        if r < share:
            kind = k
            break
        r -= share
    if kind == "corpus" and corpus:
        return rnd.choice(corpus)
    if kind in ("corpus", "analogue"):
        return _dressed(rnd, ANALOGUE_BRANDS, rnd.choice(FLAVOURS) + rnd.choice(ANALOGUE) + rnd.choice(FOODS))
    if kind == "soy":
        return _dressed(rnd, SOY_BRANDS, rnd.choice(SOY))
    if kind == "milk_powder":
        return _dressed(rnd, MILK_BRANDS, rnd.choice(MILK_POWDER))
    if kind == "meat":
        return _dressed(rnd, MEAT_BRANDS, rnd.choice(FLAVOURS) + rnd.choice(MEAT))
    return _dressed(rnd, GROCERY_BRANDS, rnd.choice(GROCERY[rnd.choice(sorted(GROCERY))]))


def names(n: int, seed: int = 7, mix: str = "market"):
    """(index, title) × n. mix: "market" (by category, as listed), "heavy" (the earlier, analogue-heavy mix) or
    "worst" (every title an analogue)."""
    if mix not in ("market", "heavy", "worst"):
        raise ValueError(f"unknown mix {mix!r}: market, heavy or worst")
    rnd = random.Random(seed)
    if mix == "market":
        real = _real_titles()
        for i in range(n):
            yield i, _market(rnd, real)
        return
    corpus = _corpus_titles()
    for i in range(n):
        r = rnd.random()
        if mix == "worst":
            core = rnd.choice(FLAVOURS) + rnd.choice(ANALOGUE) + rnd.choice(FOODS)
        elif r < 0.10 and corpus:
            yield i, rnd.choice(corpus)
            continue
        elif r < 0.30:
            core = rnd.choice(FLAVOURS) + rnd.choice(ANALOGUE) + rnd.choice(FOODS)
        elif r < 0.55:
            core = rnd.choice(OTHER)
        else:
            core = rnd.choice(FLAVOURS) + rnd.choice(FOODS)
        title = rnd.choice(NOISE_PRE) + rnd.choice(BRANDS) + core + rnd.choice(SELLING) + rnd.choice(PACK)
        if rnd.random() < 0.05:
            title = title.replace("肉", "肉\u200b", 1)
        yield i, title.strip()


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 60000
    mix = sys.argv[2] if len(sys.argv) > 2 else "market"
    out = csv.writer(sys.stdout)
    out.writerow(["id", "name"])
    for i, t in names(n, mix=mix):
        out.writerow([i, t])
