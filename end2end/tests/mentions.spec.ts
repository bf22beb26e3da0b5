import { test, expect, Browser, Page } from "@playwright/test";
import { ADMIN, api, newProject, personIn, ready, signIn, taskInput } from "./helpers";

// Talking about the work where it is: a manager at a desk comments on a task and mentions a
// colleague picked by the pinyin initials of his name; the colleague, on a phone in Chinese, sees
// the comment arrive without reloading, is told, and follows the notification to the task; the
// project's activity says what happened, in words, in both languages.
test.describe.configure({ mode: "serial" });

const PASSWORD = "comments passphrase 1";

function person(browser: Browser, baseURL: string, username: string, phone: boolean): Promise<Page> {
  return personIn(browser, baseURL, username, PASSWORD, phone);
}

let project = 0;
let task = 0;

test("a comment with a mention reaches the colleague live and in his notifications", async ({ page, browser, baseURL }) => {
  await signIn(page, ADMIN);
  const ids: Record<string, number> = {};
  for (const [username, display_name] of [["zhangwei", "张伟"], ["lina", "Lina Li"], ["zhaoqiang", "赵强"]]) {
    const user = await api(page, "create_user", { input: { username, display_name, email: "", role: "member", password: PASSWORD } });
    ids[username] = user.id;
  }
  project = await newProject(page, "Comments: Double 11", "2026-11-01", "2026-11-30", "holiday_promotion");
  await api(page, "set_project_member", { input: { project_id: project, user_id: ids.lina, role: "manager" } });
  await api(page, "set_project_member", { input: { project_id: project, user_id: ids.zhangwei, role: "contributor" } });
  task = (await api(page, "create_task", { project_id: project, input: taskInput("Poster design", { owner_id: ids.zhangwei }) })).id;

  const lina = await person(browser, baseURL!, "lina", false);
  const zhang = await person(browser, baseURL!, "zhangwei", true);
  // Both have the task open: Lina from the board, Zhang from a link to it.
  await lina.goto(`/projects/${project}/board`);
  await ready(lina);
  await lina.locator("[data-task-id]", { hasText: "Poster design" }).locator(".task-title").click();
  await expect(lina.locator("#task-title")).toHaveValue("Poster design");
  await zhang.goto(`/projects/${project}/board?task=${task}`);
  await ready(zhang);
  await expect(zhang.locator("#task-title")).toHaveValue("Poster design");
  await expect(zhang.locator(".comments .no-comments")).toHaveText("还没有评论。");

  // Lina types "@zw": Zhang is offered by his initials; Enter puts his username in.
  const box = lina.locator(".comment-composer textarea");
  await box.click();
  await box.pressSequentially("Please check **the draft** @zw");
  const offered = lina.locator(".mention-list li");
  await expect(offered).toHaveCount(1);
  await expect(offered.first()).toContainText("张伟");
  await box.press("Enter");
  await expect(box).toHaveValue("Please check **the draft** @zhangwei ");
  await box.pressSequentially("today, and @zhaoqiang too");
  await lina.click(".comment-composer button[type=submit]");

  const written = lina.locator(".comment", { hasText: "Please check" });
  await expect(written.locator(".comment-body strong")).toHaveText("the draft");
  // Found by its id from here: while it is edited, its text is in the editor.
  const mine = lina.locator(`.comment[data-id="${await written.getAttribute("data-id")}"]`);
  await expect(mine.locator(".mention")).toHaveText("@张伟");
  // Someone who cannot see the project is named to the writer, and told nothing.
  await expect(lina.locator(".not-notified")).toContainText("赵强");
  await expect(box).toHaveValue("");

  // Zhang's phone shows it without a reload.
  const his = zhang.locator(".comment", { hasText: "Please check" });
  await expect(his.locator(".mention")).toHaveText("@张伟");
  await expect(his.locator(".comment-author")).toHaveText("Lina Li");

  // Lina edits it: marked edited, for both.
  await mine.getByRole("button", { name: "Edit" }).click();
  const editor = mine.locator(".comment-editor textarea");
  await editor.fill("Please check **the final draft** @zhangwei");
  await mine.locator(".comment-editor button[type=submit]").click();
  await expect(mine.locator(".comment-body strong")).toHaveText("the final draft");
  await expect(mine.locator(".edited")).toHaveText("(edited)");
  await expect(his.locator(".edited")).toHaveText("(已编辑)");
  await expect(his.locator(".comment-body strong")).toHaveText("the final draft");

  // Zhang was told once, in Chinese, and the notification leads to the task.
  await zhang.goto("/notifications");
  await ready(zhang);
  const told = zhang.locator(".notification[data-kind=mentioned]");
  await expect(told).toHaveCount(1);
  await expect(told).toContainText("Lina Li 在评论中提到了你");
  // He was also told the task was given to him.
  await expect(zhang.locator(".notification[data-kind=assigned]")).toContainText("Admin Wang 把“Poster design”分配给了你");
  await told.locator("a").click();
  await zhang.waitForURL(`**/projects/${project}/board?task=${task}`);
  await expect(zhang.locator("#task-title")).toHaveValue("Poster design");
  await expect(zhang.locator(".comment .mention")).toHaveText("@张伟");
  // He answers from the phone.
  await zhang.locator(".comment-composer textarea").fill("收到，今天改好");
  await zhang.locator(".comment-composer button[type=submit]").click();
  await expect(lina.locator(".comment", { hasText: "收到，今天改好" })).toBeVisible();
  await lina.context().close();
  await zhang.context().close();
});

test("the activity tab says what happened, on a desk in English and a phone in Chinese", async ({ page, browser, baseURL }) => {
  await signIn(page, ADMIN);
  const board = await api(page, "get_board", { project_id: project });
  const review = board.columns.find((c: { category: string }) => c.category === "review").id;
  const lina = await person(browser, baseURL!, "lina", false);
  await api(lina, "move_task", { request: { task_id: task, column_id: review, before_id: null } });

  await lina.goto(`/projects/${project}/activity`);
  await ready(lina);
  const feed = lina.locator(".feed-item");
  await expect(feed.first()).toContainText("Lina Li moved “Poster design” to In review");
  await expect(lina.locator(".feed-item[data-entity=comment]").first()).toContainText("张伟 commented: “收到，今天改好”");
  // Narrowed to one person, then to comments.
  await lina.selectOption(".feed-person", { label: "张伟" });
  await expect(feed).toHaveCount(1);
  await lina.selectOption(".feed-person", { label: "Anyone" });
  await lina.selectOption(".feed-kind", { label: "Comments" });
  // Two written, one edited.
  await expect(feed).toHaveCount(3);
  await expect(lina.locator(".feed-item[data-entity=task]")).toHaveCount(0);

  // The project's own discussion is here too.
  await lina.locator(".discussion .comment-composer textarea").fill("Kick-off notes: see the **brief**");
  await lina.click(".discussion .comment-composer button[type=submit]");
  await expect(lina.locator(".discussion .comment-body strong")).toHaveText("brief");
  // ... and the feed, narrowed to comments, takes it in live.
  await expect(feed).toHaveCount(4);

  const zhang = await person(browser, baseURL!, "zhangwei", true);
  await zhang.goto(`/projects/${project}/activity`);
  await ready(zhang);
  await expect(zhang.locator(".feed-item").first()).toContainText("Lina Li 发表了评论：“Kick-off notes: see the brief”");
  await expect(zhang.locator(".feed-item[data-entity=task][data-action=move]")).toContainText("Lina Li 将“Poster design”移到了待验收");
  // Nothing spills sideways on a phone.
  const overflow = await zhang.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await lina.context().close();
  await zhang.context().close();
});
